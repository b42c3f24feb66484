# One date format and one date-and-time format for Vietnamese, used for every date we show (templates use the
# names, Python code django.utils.formats.date_format with the names). Dates as written in running text:
# "25 tháng 7 năm 2024" (Django's default starts with a capitalised "Ngày", which reads wrongly mid-sentence,
# and the catalogue's sentences say "vào ngày %(date)s" themselves); the time comes first, as in official
# Vietnamese: "18:00, 25 tháng 7 năm 2024".
DATE_FORMAT = r"j \t\h\á\n\g n \n\ă\m Y"
DATETIME_FORMAT = r"H:i, j \t\h\á\n\g n \n\ă\m Y"
# The short forms are the same, so no page shows "25/07/2024" beside "25 tháng 7 năm 2024".
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = r"j \t\h\á\n\g n"
YEAR_MONTH_FORMAT = r"\t\h\á\n\g n \n\ă\m Y"
# Within a meeting week, where the year goes without saying and space is short: "Thứ 2 22/7", "Thứ 2 22/7, 09:30".
DAY_FORMAT = "D j/n"
DAY_DATETIME_FORMAT = "D j/n, H:i"
