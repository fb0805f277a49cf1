import fc from 'fast-check';
import {
  addDays,
  ATSUGI_CALENDAR,
  DomainInputError,
  isOpenAt,
  nextOpenDay,
  nextOpening,
  openingHours,
  ticketingCutoff,
  validateOfficeCalendar,
  weekdayOf,
  type OfficeCalendar,
  type OpeningHours,
} from '@madoguchi/domain';
import { OFFICIAL_HOLIDAYS } from './official-holidays.fixture';

/** A Tokyo wall-clock time as an instant, written the way a person reads it off the counter's clock. */
const tokyo = (dateTime: string): Date => new Date(`${dateTime}+09:00`);

const officialByDate = new Map(OFFICIAL_HOLIDAYS.map((entry) => [entry[0], entry]));
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

/** The expectation built from first principles: the Cabinet Office list, the weekday and Dec 29 – Jan 3. */
function expectedHours(date: string): unknown {
  const official = officialByDate.get(date);
  const holidayName: unknown = !official
    ? undefined
    : official[2] === 'holiday'
      ? official[1]
      : official[2] === 'citizens'
        ? '国民の休日'
        : A_SUBSTITUTE_NAME;
  const monthDay = date.slice(5);
  if (monthDay >= '12-29' || monthDay <= '01-03') {
    return holidayName === undefined
      ? { open: false, reason: 'year-end-holidays' }
      : { open: false, reason: 'year-end-holidays', holidayName };
  }
  if (holidayName !== undefined) return { open: false, reason: 'national-holiday', holidayName };
  const weekday = weekdayOf(date);
  if (weekday === 'sun') return { open: false, reason: 'sunday' };
  if (weekday === 'sat') return { open: true, opens: '08:30', closes: '12:00' };
  return { open: true, opens: '08:30', closes: '17:15' };
}

function withOffice(changes: Partial<OfficeCalendar>): OfficeCalendar {
  return { ...ATSUGI_CALENDAR, ...changes };
}

const NEVER_OPEN: OfficeCalendar = withOffice({
  weekly: { sun: null, mon: null, tue: null, wed: null, thu: null, fri: null, sat: null },
});

describe('opening hours of the Atsugi counter (domain.md §4, §5)', () => {
  describe.each([2025, 2026, 2027])('given every day of %i', (year) => {
    it('when its opening hours are asked, then they follow the official holidays, the weekday and the year-end break', () => {
      let checked = 0;
      for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
        // toStrictEqual: a year-end day that is no holiday must not carry `holidayName: undefined`.
        expect({ date, hours: openingHours(date) }).toStrictEqual({ date, hours: expectedHours(date) });
        checked += 1;
      }
      expect(checked).toBe(365);
    });
  });

  it.each<[string, string, OpeningHours]>([
    [
      'a Saturday holiday',
      '2025-05-03',
      { open: false, reason: 'national-holiday', holidayName: '憲法記念日' },
    ],
    [
      'a Sunday holiday',
      '2025-05-04',
      { open: false, reason: 'national-holiday', holidayName: 'みどりの日' },
    ],
    [
      'a 振替休日',
      '2025-05-06',
      { open: false, reason: 'national-holiday', holidayName: 'みどりの日 振替休日' },
    ],
    ['a 国民の休日', '2026-09-22', { open: false, reason: 'national-holiday', holidayName: '国民の休日' }],
    ['New Year holiday', '2025-01-01', { open: false, reason: 'year-end-holidays', holidayName: '元日' }],
    ['the first day of the break', '2025-12-29', { open: false, reason: 'year-end-holidays' }],
    ['a Saturday in the break', '2026-01-03', { open: false, reason: 'year-end-holidays' }],
    ['the Saturday before the break', '2025-12-27', { open: true, opens: '08:30', closes: '12:00' }],
    ['the Monday after the break', '2026-01-05', { open: true, opens: '08:30', closes: '17:15' }],
    ['an ordinary Sunday', '2025-06-01', { open: false, reason: 'sunday' }],
  ])('given %s (%s), when its hours are asked, then the answer is exact', (_, date, expected) => {
    expect(openingHours(date)).toStrictEqual(expected);
  });

  describe('given an office configuration', () => {
    const sundayRush = {
      date: '2025-06-08',
      hours: { opens: '09:00', closes: '12:00' },
      reason: 'Sunday counter',
    };

    it('when a special open day falls on a Sunday, a holiday or the year-end break, then the counter opens', () => {
      const office = withOffice({
        specialOpenDays: [
          sundayRush,
          { date: '2025-11-03', hours: { opens: '08:30', closes: '12:00' }, reason: 'rush' },
          { date: '2025-12-29', hours: { opens: '08:30', closes: '17:15' }, reason: 'rush' },
        ],
      });
      expect(openingHours('2025-06-08', office)).toEqual({ open: true, opens: '09:00', closes: '12:00' });
      expect(openingHours('2025-11-03', office)).toEqual({ open: true, opens: '08:30', closes: '12:00' });
      expect(openingHours('2025-12-29', office)).toEqual({ open: true, opens: '08:30', closes: '17:15' });
    });

    it('when a day is both closed and specially open, then the special opening wins', () => {
      const office = withOffice({
        closedDays: [{ date: '2025-06-08', reason: 'building work' }],
        specialOpenDays: [sundayRush],
      });
      expect(openingHours('2025-06-08', office).open).toBe(true);
    });

    it('when a closed day is configured, then it is an office closure, even on a Sunday or a holiday', () => {
      const office = withOffice({
        closedDays: [
          { date: '2025-06-09', reason: 'J-LIS maintenance' },
          { date: '2025-06-08', reason: 'J-LIS maintenance' },
          { date: '2025-11-03', reason: 'J-LIS maintenance' },
        ],
      });
      expect(openingHours('2025-06-09', office)).toStrictEqual({ open: false, reason: 'office-closure' });
      expect(openingHours('2025-06-08', office)).toStrictEqual({ open: false, reason: 'office-closure' });
      expect(openingHours('2025-11-03', office)).toStrictEqual({ open: false, reason: 'office-closure' });
    });

    it('when a weekday other than Sunday has no hours, then that weekday is an office closure', () => {
      const office = withOffice({ weekly: { ...ATSUGI_CALENDAR.weekly, wed: null, sun: null } });
      expect(openingHours('2025-06-04', office)).toStrictEqual({ open: false, reason: 'office-closure' });
      expect(openingHours('2025-06-01', office)).toStrictEqual({ open: false, reason: 'sunday' });
    });

    it('when the office works through the year-end break, then only the holidays in it close the counter', () => {
      const office = withOffice({ yearEndHolidays: false });
      expect(openingHours('2025-12-29', office)).toEqual({ open: true, opens: '08:30', closes: '17:15' });
      expect(openingHours('2026-01-01', office)).toEqual({
        open: false,
        reason: 'national-holiday',
        holidayName: '元日',
      });
    });

    it('when its holiday overrides move the 2027 vernal equinox, then the counter follows them', () => {
      const office = withOffice({
        holidayOverrides: { add: [{ date: '2027-03-20', name: '春分の日' }], remove: ['2027-03-21'] },
      });
      expect(openingHours('2027-03-20', office)).toEqual({
        open: false,
        reason: 'national-holiday',
        holidayName: '春分の日',
      });
      expect(openingHours('2027-03-22', office)).toEqual({ open: true, opens: '08:30', closes: '17:15' });
      expect(openingHours('2027-03-22')).toMatchObject({ open: false, reason: 'national-holiday' });
    });
  });

  describe('isOpenAt', () => {
    it.each([
      ['2025-06-02T08:29:59.999', false],
      ['2025-06-02T08:30:00.000', true],
      ['2025-06-02T12:00:00.000', true],
      ['2025-06-02T17:14:59.999', true],
      ['2025-06-02T17:15:00.000', false],
      ['2025-06-07T08:29:59.999', false],
      ['2025-06-07T08:30:00.000', true],
      ['2025-06-07T11:59:59.999', true],
      ['2025-06-07T12:00:00.000', false],
      ['2025-06-08T10:00:00.000', false],
      ['2025-05-06T10:00:00.000', false],
      ['2025-12-29T10:00:00.000', false],
    ])('given Tokyo time %s, when the counter is asked, then open is %p', (time, open) => {
      expect(isOpenAt(tokyo(time))).toBe(open);
    });

    it('given an instant written in UTC, when the counter is asked, then the Tokyo calendar day decides', () => {
      // 23:30 UTC on Sunday is 08:30 on Monday in Tokyo.
      expect(isOpenAt(new Date('2025-06-08T23:30:00Z'))).toBe(true);
      // 08:00 UTC on Saturday is 17:00 in Tokyo, after the Saturday window.
      expect(isOpenAt(new Date('2025-06-07T08:00:00Z'))).toBe(false);
    });
  });

  describe('nextOpening', () => {
    it.each([
      ['an open instant', '2025-06-02T10:15:30.250', '2025-06-02T10:15:30.250'],
      ['early on a weekday', '2025-06-02T07:00:00', '2025-06-02T08:30:00'],
      ['just after midnight', '2025-06-02T00:00:00', '2025-06-02T08:30:00'],
      ['Friday evening (the Saturday window comes next)', '2025-06-06T17:15:00', '2025-06-07T08:30:00'],
      ['Saturday noon', '2025-06-07T12:00:00', '2025-06-09T08:30:00'],
      ['the evening before Golden Week 2025', '2025-05-02T18:00:00', '2025-05-07T08:30:00'],
      ['the evening before Golden Week 2026', '2026-05-01T18:00:00', '2026-05-02T08:30:00'],
      ['the Saturday inside Golden Week 2026', '2026-05-02T12:00:00', '2026-05-07T08:30:00'],
      ['Dec 28 2025 evening (a Sunday)', '2025-12-28T20:00:00', '2026-01-05T08:30:00'],
      ['Dec 28 2026 evening (a Monday)', '2026-12-28T17:15:00', '2027-01-04T08:30:00'],
      ['the 2027 vernal equinox', '2027-03-20T12:00:00', '2027-03-23T08:30:00'],
    ])('given %s (%s Tokyo), when the next opening is asked, then it is %s Tokyo', (_, from, expected) => {
      expect(nextOpening(tokyo(from))).toEqual(tokyo(expected));
    });

    it('given an open instant, when the next opening is asked, then the instant itself comes back', () => {
      const instant = tokyo('2025-06-02T10:00:00');
      expect(nextOpening(instant)).toBe(instant);
    });

    it('given an office without Saturday hours, when Friday evening asks, then Monday 08:30 comes next', () => {
      const office = withOffice({ weekly: { ...ATSUGI_CALENDAR.weekly, sat: null } });
      expect(nextOpening(tokyo('2025-06-06T17:15:00'), office)).toEqual(tokyo('2025-06-09T08:30:00'));
    });

    it('given a special open Sunday, when Saturday afternoon asks, then the Sunday opening comes next', () => {
      const office = withOffice({
        specialOpenDays: [{ date: '2025-06-08', hours: { opens: '09:00', closes: '12:00' }, reason: 'rush' }],
      });
      expect(nextOpening(tokyo('2025-06-07T12:30:00'), office)).toEqual(tokyo('2025-06-08T09:00:00'));
      expect(nextOpening(tokyo('2025-06-08T12:00:00'), office)).toEqual(tokyo('2025-06-09T08:30:00'));
    });

    it('given an office closure on Monday, when Friday evening asks, then Tuesday opening comes next', () => {
      const office = withOffice({ closedDays: [{ date: '2025-06-09', reason: 'J-LIS maintenance' }] });
      expect(nextOpening(tokyo('2025-06-07T13:00:00'), office)).toEqual(tokyo('2025-06-10T08:30:00'));
    });

    it('given an office that never opens, when the next opening is asked, then the configuration is refused', () => {
      expect(thrownBy(() => nextOpening(tokyo('2025-06-02T10:00:00'), NEVER_OPEN))).toMatchObject({
        code: 'invalid-office-configuration',
      });
    });

    it('given any instant, when the next opening is asked, then it is open, not earlier, and no opening is skipped', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('2024-12-01T00:00:00Z'),
            max: new Date('2028-01-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          (instant) => {
            const next = nextOpening(instant);
            expect(next.getTime()).toBeGreaterThanOrEqual(instant.getTime());
            expect(isOpenAt(next)).toBe(true);
            if (isOpenAt(instant)) expect(next).toBe(instant);
            // One minute before an opening that is not the instant itself, the counter was closed.
            else expect(isOpenAt(new Date(next.getTime() - 60_000))).toBe(false);
          },
        ),
      );
    });
  });

  describe('nextOpenDay', () => {
    it.each([
      ['2025-06-02', '2025-06-02'],
      ['2025-06-07', '2025-06-07'],
      ['2025-06-08', '2025-06-09'],
      ['2025-05-03', '2025-05-07'],
      ['2025-12-27', '2025-12-27'],
      ['2025-12-29', '2026-01-05'],
      ['2027-03-21', '2027-03-23'],
    ])('given %s, when the next open day is asked, then it is %s', (date, expected) => {
      expect(nextOpenDay(date)).toBe(expected);
    });

    it('given an office that never opens, when the next open day is asked, then the configuration is refused', () => {
      expect(thrownBy(() => nextOpenDay('2025-06-02', NEVER_OPEN))).toMatchObject({
        code: 'invalid-office-configuration',
      });
    });
  });

  describe('ticketingCutoff', () => {
    it.each([
      ['2025-06-02', '2025-06-02T17:00:00'],
      ['2025-06-07', '2025-06-07T11:45:00'],
    ])('given %s, when the cut-off is asked, then tickets stop at %s Tokyo', (date, expected) => {
      expect(ticketingCutoff(date)).toEqual(tokyo(expected));
    });

    it.each(['2025-06-08', '2025-05-06', '2025-12-31'])(
      'given closed day %s, then there is no cut-off',
      (date) => {
        expect(ticketingCutoff(date)).toBeUndefined();
      },
    );

    it('given an office with its own cut-off, then closing minus that many minutes, never before opening', () => {
      expect(ticketingCutoff('2025-06-02', withOffice({ ticketCutoffMinutes: 0 }))).toEqual(
        tokyo('2025-06-02T17:15:00'),
      );
      expect(ticketingCutoff('2025-06-02', withOffice({ ticketCutoffMinutes: 60 }))).toEqual(
        tokyo('2025-06-02T16:15:00'),
      );
      expect(ticketingCutoff('2025-06-07', withOffice({ ticketCutoffMinutes: 240 }))).toEqual(
        tokyo('2025-06-07T08:30:00'),
      );
    });
  });

  describe('malformed input is refused at the edge', () => {
    it.each(['2025-02-30', '2025-2-3', '２０２５-01-01', '', '2025-06-02T10:00', ' 2025-06-02'])(
      'given date %j, when any calendar function is asked, then DomainInputError invalid-date is thrown',
      (date) => {
        for (const call of [() => openingHours(date), () => nextOpenDay(date), () => ticketingCutoff(date)]) {
          const error = thrownBy(call);
          expect(error).toBeInstanceOf(DomainInputError);
          expect(error).toMatchObject({ code: 'invalid-date', field: 'date' });
        }
      },
    );

    it.each([
      ['an Invalid Date', new Date(Number.NaN)],
      ['a string', '2025-06-02T10:00:00+09:00'],
      ['a number', 1_748_826_000_000],
    ])(
      'given %s as the instant, when isOpenAt or nextOpening is asked, then invalid-instant is thrown',
      (_, value) => {
        const instant = value as unknown as Date;
        for (const call of [() => isOpenAt(instant), () => nextOpening(instant)]) {
          const error = thrownBy(call);
          expect(error).toBeInstanceOf(DomainInputError);
          expect(error).toMatchObject({ code: 'invalid-instant', field: 'instant' });
        }
      },
    );
  });
});

describe('validateOfficeCalendar', () => {
  const valid = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(ATSUGI_CALENDAR)) as Record<string, unknown>;

  it('given the Atsugi calendar read back from JSON, when it is validated, then it is accepted unchanged', () => {
    expect(validateOfficeCalendar(valid())).toEqual({ ok: true, calendar: ATSUGI_CALENDAR });
  });

  it('given a calendar with closures, openings and overrides, when it is validated, then the copy behaves like it', () => {
    const input = {
      ...valid(),
      closedDays: [{ date: '2025-06-09', reason: 'J-LIS maintenance' }],
      specialOpenDays: [{ date: '2025-06-08', hours: { opens: '09:00', closes: '12:00' }, reason: 'rush' }],
      holidayOverrides: { add: [{ date: '2027-03-20', name: '春分の日' }], remove: ['2027-03-21'] },
      ticketCutoffMinutes: 30,
    };
    const result = validateOfficeCalendar(input);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(openingHours('2025-06-09', result.calendar)).toMatchObject({
      open: false,
      reason: 'office-closure',
    });
    expect(openingHours('2025-06-08', result.calendar)).toMatchObject({ open: true, opens: '09:00' });
    expect(openingHours('2027-03-22', result.calendar)).toMatchObject({ open: true });
    expect(ticketingCutoff('2025-06-10', result.calendar)).toEqual(tokyo('2025-06-10T16:45:00'));
  });

  type Edit = (calendar: Record<string, unknown>) => void;
  const weekly = (calendar: Record<string, unknown>): Record<string, unknown> =>
    calendar.weekly as Record<string, unknown>;

  it.each<[string, Edit, string]>([
    [
      'an opening time without a leading zero',
      (c) => (weekly(c).mon = { opens: '8:30', closes: '17:15' }),
      'weekly.mon.opens',
    ],
    [
      'a closing time of 24:00',
      (c) => (weekly(c).tue = { opens: '08:30', closes: '24:00' }),
      'weekly.tue.closes',
    ],
    [
      'opening after closing',
      (c) => (weekly(c).wed = { opens: '17:15', closes: '08:30' }),
      'weekly.wed.opens must be before',
    ],
    [
      'opening equal to closing',
      (c) => (weekly(c).thu = { opens: '08:30', closes: '08:30' }),
      'weekly.thu.opens must be before',
    ],
    ['a missing weekday', (c) => delete weekly(c).fri, 'weekly.fri'],
    ['an unknown weekday', (c) => (weekly(c).holiday = null), 'weekly.holiday is not a weekday'],
    [
      'every weekday closed',
      (c) => (c.weekly = { sun: null, mon: null, tue: null, wed: null, thu: null, fri: null, sat: null }),
      'at least one weekday',
    ],
    ['a year-end flag that is not a boolean', (c) => (c.yearEndHolidays = 'yes'), 'yearEndHolidays'],
    ['closed days that are not a list', (c) => (c.closedDays = {}), 'closedDays must be an array'],
    [
      'an impossible closed day',
      (c) => (c.closedDays = [{ date: '2025-02-30', reason: 'x' }]),
      'closedDays[0].date',
    ],
    [
      'a closed day without a reason',
      (c) => (c.closedDays = [{ date: '2025-06-09', reason: ' ' }]),
      'closedDays[0].reason',
    ],
    [
      'the same closed day twice',
      (c) =>
        (c.closedDays = [
          { date: '2025-06-09', reason: 'a' },
          { date: '2025-06-09', reason: 'b' },
        ]),
      'closedDays lists 2025-06-09 twice',
    ],
    [
      'a special open day with bad hours',
      (c) =>
        (c.specialOpenDays = [
          { date: '2025-06-08', hours: { opens: '12:00', closes: '09:00' }, reason: 'x' },
        ]),
      'specialOpenDays[0].hours.opens must be before',
    ],
    [
      'a day both closed and specially open',
      (c) => {
        c.closedDays = [{ date: '2025-06-08', reason: 'building work' }];
        c.specialOpenDays = [
          { date: '2025-06-08', hours: { opens: '09:00', closes: '12:00' }, reason: 'rush' },
        ];
      },
      '2025-06-08 is both a closed day and a special open day',
    ],
    ['holiday overrides missing', (c) => delete c.holidayOverrides, 'holidayOverrides must be'],
    [
      'an added holiday on an impossible day',
      (c) => (c.holidayOverrides = { add: [{ date: '2027-02-29', name: '春分の日' }], remove: [] }),
      'holidayOverrides.add[0].date',
    ],
    [
      'a removed holiday written badly',
      (c) => (c.holidayOverrides = { add: [], remove: ['2027/03/21'] }),
      'holidayOverrides.remove[0]',
    ],
    [
      'a holiday both added and removed',
      (c) =>
        (c.holidayOverrides = { add: [{ date: '2027-03-21', name: '春分の日' }], remove: ['2027-03-21'] }),
      'both added to and removed',
    ],
    ['a cut-off over 240 minutes', (c) => (c.ticketCutoffMinutes = 241), 'ticketCutoffMinutes'],
    ['a negative cut-off', (c) => (c.ticketCutoffMinutes = -1), 'ticketCutoffMinutes'],
    ['a fractional cut-off', (c) => (c.ticketCutoffMinutes = 1.5), 'ticketCutoffMinutes'],
    ['a cut-off written as text', (c) => (c.ticketCutoffMinutes = '15'), 'ticketCutoffMinutes'],
    ['a misspelt field', (c) => (c.ticketCutoff = 15), 'ticketCutoff is not an office calendar field'],
  ])('given %s, when it is validated, then it is refused', (_, edit, expectedError) => {
    const input = valid();
    edit(input);
    const result = validateOfficeCalendar(input);
    expect(result.ok).toBe(false);
    expect((result.ok ? [] : result.errors).join('\n')).toContain(expectedError);
  });

  it.each([null, undefined, 'calendar', 42, []])(
    'given %p, when it is validated, then it is refused',
    (input) => {
      const result = validateOfficeCalendar(input);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors).toEqual(['the office calendar must be an object']);
    },
  );

  it('given several mistakes, when it is validated, then every one is reported at once', () => {
    const input = {
      ...valid(),
      yearEndHolidays: 1,
      ticketCutoffMinutes: 999,
      closedDays: [{ date: '', reason: 'x' }],
    };
    const result = validateOfficeCalendar(input);
    expect(result.ok ? [] : result.errors).toHaveLength(3);
  });
});
