//! Dutch public holidays, computed per year.
//!
//! The days of the *Algemene termijnenwet* (art. 3): fixed dates, King's Day (moved to
//! the 26th when the 27th of April is a Sunday) and the days that follow Easter. Good
//! Friday and, outside lustrum years, Liberation Day are statutory but most offices open
//! on them, so they are listed with `usually_closed: false`; the vendor administrator
//! edits the calendar per date either way.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::Language;

/// Which holiday a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DutchHoliday {
    NewYearsDay,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    KingsDay,
    LiberationDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl DutchHoliday {
    pub fn name(self, language: Language) -> &'static str {
        match (self, language) {
            (Self::NewYearsDay, Language::Nl) => "Nieuwjaarsdag",
            (Self::NewYearsDay, Language::En) => "New Year's Day",
            (Self::GoodFriday, Language::Nl) => "Goede Vrijdag",
            (Self::GoodFriday, Language::En) => "Good Friday",
            (Self::EasterSunday, Language::Nl) => "Eerste Paasdag",
            (Self::EasterSunday, Language::En) => "Easter Sunday",
            (Self::EasterMonday, Language::Nl) => "Tweede Paasdag",
            (Self::EasterMonday, Language::En) => "Easter Monday",
            (Self::KingsDay, Language::Nl) => "Koningsdag",
            (Self::KingsDay, Language::En) => "King's Day",
            (Self::LiberationDay, Language::Nl) => "Bevrijdingsdag",
            (Self::LiberationDay, Language::En) => "Liberation Day",
            (Self::AscensionDay, Language::Nl) => "Hemelvaartsdag",
            (Self::AscensionDay, Language::En) => "Ascension Day",
            (Self::WhitSunday, Language::Nl) => "Eerste Pinksterdag",
            (Self::WhitSunday, Language::En) => "Whit Sunday",
            (Self::WhitMonday, Language::Nl) => "Tweede Pinksterdag",
            (Self::WhitMonday, Language::En) => "Whit Monday",
            (Self::ChristmasDay, Language::Nl) => "Eerste Kerstdag",
            (Self::ChristmasDay, Language::En) => "Christmas Day",
            (Self::BoxingDay, Language::Nl) => "Tweede Kerstdag",
            (Self::BoxingDay, Language::En) => "Boxing Day",
        }
    }
}

/// One holiday in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub holiday: DutchHoliday,
    /// Whether offices generally close (false for Good Friday, and for Liberation Day
    /// outside years divisible by five).
    pub usually_closed: bool,
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, valid for
/// every year chrono represents after 1582).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The Dutch public holidays of `year`, in date order. Empty for a year chrono cannot
/// represent.
pub fn dutch_public_holidays(year: i32) -> Vec<Holiday> {
    let (Some(easter), Some(new_year), Some(kings), Some(liberation), Some(christmas)) = (
        easter_sunday(year),
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 4, 27),
        NaiveDate::from_ymd_opt(year, 5, 5),
        NaiveDate::from_ymd_opt(year, 12, 25),
    ) else {
        return Vec::new();
    };
    let kings = if kings.weekday() == Weekday::Sun { kings - Duration::days(1) } else { kings };
    let closed = |date, holiday| Holiday { date, holiday, usually_closed: true };
    let mut days = vec![
        closed(new_year, DutchHoliday::NewYearsDay),
        Holiday { date: easter - Duration::days(2), holiday: DutchHoliday::GoodFriday, usually_closed: false },
        closed(easter, DutchHoliday::EasterSunday),
        closed(easter + Duration::days(1), DutchHoliday::EasterMonday),
        closed(kings, DutchHoliday::KingsDay),
        Holiday { date: liberation, holiday: DutchHoliday::LiberationDay, usually_closed: year % 5 == 0 },
        closed(easter + Duration::days(39), DutchHoliday::AscensionDay),
        closed(easter + Duration::days(49), DutchHoliday::WhitSunday),
        closed(easter + Duration::days(50), DutchHoliday::WhitMonday),
        closed(christmas, DutchHoliday::ChristmasDay),
        closed(christmas + Duration::days(1), DutchHoliday::BoxingDay),
    ];
    days.sort_by_key(|h| h.date);
    days
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn easter_matches_the_published_dates() {
        for (year, month, day) in [
            (1961, 4, 2),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
        }
    }

    #[test]
    fn the_2026_calendar() {
        let got: Vec<_> = dutch_public_holidays(2026).iter().map(|h| (h.date, h.holiday, h.usually_closed)).collect();
        use DutchHoliday::*;
        assert_eq!(
            got,
            vec![
                (date(2026, 1, 1), NewYearsDay, true),
                (date(2026, 4, 3), GoodFriday, false),
                (date(2026, 4, 5), EasterSunday, true),
                (date(2026, 4, 6), EasterMonday, true),
                (date(2026, 4, 27), KingsDay, true),
                (date(2026, 5, 5), LiberationDay, false),
                (date(2026, 5, 14), AscensionDay, true),
                (date(2026, 5, 24), WhitSunday, true),
                (date(2026, 5, 25), WhitMonday, true),
                (date(2026, 12, 25), ChristmasDay, true),
                (date(2026, 12, 26), BoxingDay, true),
            ]
        );
    }

    #[test]
    fn two_holidays_can_share_a_date() {
        let y2016 = dutch_public_holidays(2016);
        let on_5_may: Vec<_> = y2016.iter().filter(|h| h.date == date(2016, 5, 5)).map(|h| h.holiday).collect();
        assert_eq!(on_5_may, vec![DutchHoliday::LiberationDay, DutchHoliday::AscensionDay]);
    }

    #[test]
    fn kings_day_moves_off_a_sunday_and_liberation_day_is_off_in_lustrum_years() {
        // 27 April 2025 was a Sunday.
        let y2025 = dutch_public_holidays(2025);
        assert!(y2025.iter().any(|h| h.holiday == DutchHoliday::KingsDay && h.date == date(2025, 4, 26)));
        assert!(y2025.iter().any(|h| h.holiday == DutchHoliday::LiberationDay && h.usually_closed));
        assert!(
            dutch_public_holidays(2027)
                .iter()
                .any(|h| h.holiday == DutchHoliday::KingsDay && h.date == date(2027, 4, 27))
        );
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..5000) {
            let easter = easter_sunday(year).unwrap_or_default();
            prop_assert_eq!(easter.weekday(), Weekday::Sun);
            prop_assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25));
        }

        #[test]
        fn every_year_has_the_eleven_holidays_in_that_year(year in 1583i32..5000) {
            // Two can fall on one date (Ascension Day on 5 May in 2016).
            let days = dutch_public_holidays(year);
            prop_assert_eq!(days.len(), 11);
            prop_assert!(days.windows(2).all(|w| w[0].date <= w[1].date));
            prop_assert!(days.iter().all(|h| h.date.year() == year));
            let names: std::collections::HashSet<_> = days.iter().map(|h| h.holiday.name(Language::Nl)).collect();
            prop_assert_eq!(names.len(), 11);
        }
    }
}
