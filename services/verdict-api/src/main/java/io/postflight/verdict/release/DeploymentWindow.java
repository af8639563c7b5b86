package io.postflight.verdict.release;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A recurring deployment window, written {@code MON-FRI 09:00-16:00 Europe/Berlin}: days (a range
 * or a comma list), a time range (end exclusive; an end before the start runs past midnight) and a
 * time zone, so summer time moves the window with the clock people read.
 *
 * @param text as configured, for the answer's words
 */
public record DeploymentWindow(String text, Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static DeploymentWindow parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not a window such as 'MON-FRI 09:00-16:00 Europe/Berlin'");
        }
        try {
            String[] times = parts[1].split("-", 2);
            if (times.length != 2) {
                throw new IllegalArgumentException("'" + parts[1] + "' is not a time range such as 09:00-16:00");
            }
            LocalTime from = LocalTime.parse(times[0]);
            LocalTime to = LocalTime.parse(times[1]);
            if (from.equals(to)) {
                throw new IllegalArgumentException("'" + parts[1] + "' is empty");
            }
            return new DeploymentWindow(text.strip(), days(parts[0]), from, to, ZoneId.of(parts[2]));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    /** Whether {@code now} falls in the window (a window past midnight belongs to the day it starts). */
    public boolean contains(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime t = local.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
        }
        return (days.contains(local.getDayOfWeek()) && !t.isBefore(from))
                || (days.contains(local.getDayOfWeek().minus(1)) && t.isBefore(to));
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.toUpperCase(Locale.ROOT).split(",")) {
            String[] range = item.split("-", 2);
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation) && abbreviation.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + abbreviation + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }
}
