package io.eventstore.api;

import java.time.Instant;

/**
 * {@link Instant#toString()} without the formatter machinery: a page writes 150 instants, and
 * {@code DateTimeFormatter.ISO_INSTANT} was a tenth of the document writer's time. Same output
 * (seconds always, then 3, 6 or 9 fraction digits as needed); years outside 0000..9999, which
 * ISO-8601 writes with a sign, are left to {@link Instant#toString()}.
 */
final class IsoInstant {

    private static final long FIRST = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long END = 253_402_300_800L;   // 10000-01-01T00:00:00Z

    private IsoInstant() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return instant.toString();
        }
        char[] text = new char[30];
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int length = date(text, days);
        text[length++] = 'T';
        length = two(text, length, secondOfDay / 3600);
        text[length++] = ':';
        length = two(text, length, secondOfDay / 60 % 60);
        text[length++] = ':';
        length = two(text, length, secondOfDay % 60);
        length = fraction(text, length, instant.getNano());
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    /** yyyy-MM-dd of a day counted from 1970-01-01 (the civil-from-days algorithm of H. Hinnant). */
    private static int date(char[] text, long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int length = two(text, 0, year / 100);
        length = two(text, length, year % 100);
        text[length++] = '-';
        length = two(text, length, month);
        text[length++] = '-';
        return two(text, length, day);
    }

    private static int fraction(char[] text, int at, int nanos) {
        if (nanos == 0) {
            return at;
        }
        int digits;
        int value;
        if (nanos % 1_000_000 == 0) {
            digits = 3;
            value = nanos / 1_000_000;
        } else if (nanos % 1000 == 0) {
            digits = 6;
            value = nanos / 1000;
        } else {
            digits = 9;
            value = nanos;
        }
        text[at] = '.';
        for (int i = digits; i > 0; i--) {
            text[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + 1 + digits;
    }

    private static int two(char[] text, int at, int value) {
        text[at] = (char) ('0' + value / 10);
        text[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }
}
