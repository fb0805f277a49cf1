import holidayJp from '@holiday-jp/holiday_jp';
import {
  addDays,
  DomainInputError,
  nationalHoliday,
  nationalHolidaysIn,
  type HolidayOverrides,
  type NationalHoliday,
} from '@madoguchi/domain';
import { OFFICIAL_HOLIDAYS, type OfficialHoliday } from './official-holidays.fixture';

const NO_OVERRIDES: HolidayOverrides = { add: [], remove: [] };
const A_SUBSTITUTE_NAME: unknown = expect.stringMatching(/ 振替休日$/);

/** The error `call` throws (or undefined), so its code and field can be checked as plain data. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function daysOfYear(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(`${year}-`); day = addDays(day, 1)) days.push(day);
  return days;
}

/** What the Cabinet Office list says about one day, in the shape `nationalHoliday` answers. */
function officialExpectation(entry: OfficialHoliday | undefined): unknown {
  if (!entry) return undefined;
  const [date, name, kind] = entry;
  switch (kind) {
    case 'holiday':
      return expect.objectContaining({ date, name, kind });
    case 'substitute':
      return expect.objectContaining({ date, name: A_SUBSTITUTE_NAME, kind });
    case 'citizens':
      return expect.objectContaining({ date, name: '国民の休日', kind });
  }
}

function summary(holidays: readonly NationalHoliday[]): string[] {
  return holidays.map((holiday) => `${holiday.date} ${holiday.kind} ${holiday.name}`);
}

/**
 * Dates and kinds, and names of the 祝日 themselves. Not the label of a 振替休日: the package calls every
 * Golden Week substitute 「こどもの日 振替休日」 even when the Sunday holiday was みどりの日 (2025) or
 * 憲法記念日 (2026); the law only says 「休日」, and we name the holiday that actually fell on the Sunday.
 */
function comparable(holidays: readonly { date: string; kind: string; name: string }[]): string[] {
  return holidays.map(({ date, kind, name }) =>
    kind === 'substitute' ? `${date} ${kind}` : `${date} ${kind} ${name}`,
  );
}

describe('national holidays (domain.md §4)', () => {
  describe.each([2025, 2026, 2027])('given the Cabinet Office list for %i', (year) => {
    const official = new Map(
      OFFICIAL_HOLIDAYS.filter(([date]) => date.startsWith(`${year}-`)).map((e) => [e[0], e]),
    );

    it('when every day of the year is looked up, then exactly the listed days are holidays, with their names', () => {
      const days = daysOfYear(year);
      expect(days.length).toBeGreaterThanOrEqual(365);
      for (const day of days) {
        expect({ day, holiday: nationalHoliday(day) }).toEqual({
          day,
          holiday: officialExpectation(official.get(day)),
        });
      }
    });

    it('when the year is listed, then it holds the same days in date order', () => {
      expect(nationalHolidaysIn(year).map((holiday) => holiday.date)).toEqual([...official.keys()]);
    });
  });

  it.each([
    ['2025-02-24', '天皇誕生日 振替休日', 'substitute'],
    ['2025-05-06', 'みどりの日 振替休日', 'substitute'],
    ['2025-11-24', '勤労感謝の日 振替休日', 'substitute'],
    ['2026-05-06', '憲法記念日 振替休日', 'substitute'],
    ['2026-09-22', '国民の休日', 'citizens'],
    ['2027-03-21', '春分の日', 'holiday'],
    ['2027-03-22', '春分の日 振替休日', 'substitute'],
  ])('given %s, when it is looked up, then it is %s (%s)', (date, name, kind) => {
    expect(nationalHoliday(date)).toMatchObject({ date, name, kind });
  });

  it('given a holiday, when it is looked up, then it carries the English name too', () => {
    expect(nationalHoliday('2025-03-20')).toEqual({
      date: '2025-03-20',
      name: '春分の日',
      nameEn: 'Vernal Equinox Day',
      kind: 'holiday',
    });
    expect(nationalHoliday('2026-09-22')?.nameEn).toBe("Citizens' Holiday");
    expect(nationalHoliday('2025-02-24')?.nameEn).toBe('Holiday in lieu');
  });

  describe('given the package table with its 振替休日 and 休日 left out', () => {
    const table = Object.values(holidayJp.holidays as Record<string, { date: string; name: string }>);

    it.each(Array.from({ length: 2050 - 2008 + 1 }, (_, i) => 2008 + i))(
      'when %i is derived from the base holidays alone, then it reproduces the table',
      (year) => {
        const expected = table
          .filter((entry) => entry.date.startsWith(`${year}-`))
          .map(({ date, name }) => {
            if (name.endsWith('振替休日')) return { date, kind: 'substitute', name };
            if (name === '休日') return { date, kind: 'citizens', name: '国民の休日' };
            return { date, kind: 'holiday', name };
          });
        const derived = nationalHolidaysIn(year);
        expect(comparable(derived)).toEqual(comparable(expected));
        for (const substitute of derived.filter((holiday) => holiday.kind === 'substitute')) {
          expect(substitute.name).toMatch(/^\S+ 振替休日$/);
        }
      },
    );
  });

  it('given the 2019 enthronement, when Golden Week is looked up, then the special-law day makes its neighbours 国民の休日', () => {
    expect(
      summary(nationalHolidaysIn(2019).filter((h) => h.date >= '2019-04-29' && h.date <= '2019-05-06')),
    ).toEqual([
      '2019-04-29 holiday 昭和の日',
      '2019-04-30 citizens 国民の休日',
      '2019-05-01 holiday 休日（祝日扱い）',
      '2019-05-02 citizens 国民の休日',
      '2019-05-03 holiday 憲法記念日',
      '2019-05-04 holiday みどりの日',
      '2019-05-05 holiday こどもの日',
      '2019-05-06 substitute こどもの日 振替休日',
    ]);
  });

  it('given the Olympic moves of 2020 and 2021, when July and August are looked up, then the moved days are holidays', () => {
    expect(nationalHoliday('2020-07-24')).toMatchObject({ name: 'スポーツの日' });
    expect(nationalHoliday('2020-10-12')).toBeUndefined();
    expect(nationalHoliday('2021-07-23')).toMatchObject({ name: 'スポーツの日' });
    expect(nationalHoliday('2021-08-09')).toMatchObject({ kind: 'substitute', name: '山の日 振替休日' });
  });

  it('given a year before 2008, when it is looked up, then the table is taken as it stands', () => {
    expect(nationalHoliday('1973-04-30')).toMatchObject({ kind: 'substitute', name: '天皇誕生日 振替休日' });
    expect(nationalHoliday('2006-05-04')).toMatchObject({ kind: 'citizens', name: '国民の休日' });
    expect(nationalHoliday('1969-01-01')).toBeUndefined();
  });

  describe('given holiday overrides (equinox projections)', () => {
    it('when the 2027 vernal equinox moves off its Sunday, then its 振替休日 disappears', () => {
      const overrides: HolidayOverrides = {
        add: [{ date: '2027-03-20', name: '春分の日' }],
        remove: ['2027-03-21'],
      };
      expect(nationalHoliday('2027-03-20', overrides)).toEqual({
        date: '2027-03-20',
        name: '春分の日',
        nameEn: 'Vernal Equinox Day',
        kind: 'holiday',
      });
      expect(nationalHoliday('2027-03-21', overrides)).toBeUndefined();
      expect(nationalHoliday('2027-03-22', overrides)).toBeUndefined();
    });

    it('when the 2026 vernal equinox moves onto a Sunday, then the Monday becomes its 振替休日', () => {
      const overrides: HolidayOverrides = {
        add: [{ date: '2026-03-22', name: '春分の日' }],
        remove: ['2026-03-20'],
      };
      expect(nationalHoliday('2026-03-20', overrides)).toBeUndefined();
      expect(nationalHoliday('2026-03-23', overrides)).toMatchObject({
        kind: 'substitute',
        name: '春分の日 振替休日',
      });
    });

    it('when the 2026 autumnal equinox moves a day later, then 2026-09-22 is no longer 国民の休日', () => {
      const overrides: HolidayOverrides = {
        add: [{ date: '2026-09-24', name: '秋分の日' }],
        remove: ['2026-09-23'],
      };
      expect(nationalHoliday('2026-09-22', overrides)).toBeUndefined();
      expect(nationalHoliday('2026-09-24', overrides)).toMatchObject({ kind: 'holiday', name: '秋分の日' });
    });

    it('when a holiday lands two days after another, then the day between becomes 国民の休日', () => {
      const overrides: HolidayOverrides = {
        add: [{ date: '2025-09-17', name: '秋分の日' }],
        remove: ['2025-09-23'],
      };
      expect(nationalHoliday('2025-09-16', overrides)).toMatchObject({
        kind: 'citizens',
        name: '国民の休日',
      });
    });

    it('when a Sunday holiday is removed, then its 振替休日 goes with it', () => {
      const overrides: HolidayOverrides = { add: [], remove: ['2025-11-23'] };
      expect(nationalHoliday('2025-11-23', overrides)).toBeUndefined();
      expect(nationalHoliday('2025-11-24', overrides)).toBeUndefined();
      expect(nationalHolidaysIn(2025, overrides)).toHaveLength(nationalHolidaysIn(2025).length - 2);
    });

    it('when a holiday is added beyond the table, then it counts with a name of its own', () => {
      const overrides: HolidayOverrides = { add: [{ date: '2051-01-01', name: '元日' }], remove: [] };
      expect(nationalHoliday('2051-01-01')).toBeUndefined();
      expect(nationalHoliday('2051-01-01', overrides)).toMatchObject({
        name: '元日',
        nameEn: "New Year's Day",
      });
    });

    it('when overrides are used, then the default table is left untouched', () => {
      nationalHoliday('2027-03-22', { add: [], remove: ['2027-03-21'] });
      expect(nationalHoliday('2027-03-22')).toMatchObject({ kind: 'substitute' });
      expect(nationalHoliday('2027-03-22', NO_OVERRIDES)).toMatchObject({ kind: 'substitute' });
    });

    it('when an override holds a malformed date, then it is refused as invalid-date', () => {
      const overrides: HolidayOverrides = { add: [{ date: '2025-13-01', name: 'x' }], remove: [] };
      expect(thrownBy(() => nationalHoliday('2025-01-01', overrides))).toMatchObject({
        code: 'invalid-date',
      });
    });
  });

  it('given a holiday, when a caller tries to change it, then the shared table stays as it was', () => {
    const holiday = nationalHoliday('2025-01-01');
    expect(Object.isFrozen(holiday)).toBe(true);
  });

  it.each(['2025-02-30', '2025-2-3', '２０２５-01-01', ''])(
    'given %j, when it is looked up, then it is refused',
    (date) => {
      const error = thrownBy(() => nationalHoliday(date));
      expect(error).toBeInstanceOf(DomainInputError);
      expect(error).toMatchObject({ code: 'invalid-date', field: 'date' });
    },
  );

  it.each([2025.5, Number.NaN, 999, 10000])(
    'given year %p, when its holidays are listed, then it is refused',
    (year) => {
      expect(thrownBy(() => nationalHolidaysIn(year))).toMatchObject({ code: 'invalid-date', field: 'year' });
    },
  );
});
