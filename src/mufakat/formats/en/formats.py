# One date format and one date-and-time format for English, used for every date we show (templates use the
# names, Python code django.utils.formats.date_format with the names). ASEAN documents write dates
# day-month-year: "25 July 2024", "25 July 2024, 18:00".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
# Django and third-party code may ask for the short forms: they are the same, so no page shows "2024-07-25"
# beside "25 July 2024".
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# Within a meeting week, where the year goes without saying and space is short (day tabs, a bilateral's
# window): "Mon 22 Jul", "Mon 22 Jul, 09:30".
DAY_FORMAT = "D j M"
DAY_DATETIME_FORMAT = "D j M, H:i"
