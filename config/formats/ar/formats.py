"""Arabic formats as read in Morocco: Django's Arabic dates, with the numbers
written as in the programme's French documents (12 345,5), so that a figure
reads the same in both languages of a report."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
# Django's Arabic locale leaves these to the global default (m/d/Y, the
# American order): day before month, as in its SHORT_DATE_FORMAT.
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
DATETIME_FORMAT = "j F، Y H:i"
