# Vietnamese dates as written in running text: "25 tháng 7 năm 2024" (Django's default starts with a
# capitalised "Ngày", which reads wrongly mid-sentence).
DATE_FORMAT = r"j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i, j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = r"j \t\h\á\n\g n"
TIME_FORMAT = "H:i"
