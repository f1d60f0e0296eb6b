import {
  citation,
  clause,
  clockTime,
  count2,
  findingShort,
  longDate,
  monthYear,
  numberCode,
  partyBodyName,
  percent,
  placeDateLine,
  placeFromName,
  quoted,
  roman,
  shortDate,
  textLines,
  upper,
  weekday,
} from './vietnamese';

describe('dates as Party documents print them (HD 36-HD/VPTW)', () => {
  it.each([
    ['2022-04-01', 'ngày 01 tháng 4 năm 2022'],
    ['2018-02-20', 'ngày 20 tháng 02 năm 2018'],
    ['2023-01-09', 'ngày 09 tháng 01 năm 2023'],
    ['2023-12-31', 'ngày 31 tháng 12 năm 2023'],
    ['2023-10-10', 'ngày 10 tháng 10 năm 2023'],
  ])('should write %s as "%s" (leading zero for days 1–9 and months 1–2 only)', (date, text) => {
    expect(longDate(date)).toBe(text);
  });

  it('should read an instant in Vietnam\'s time zone: 17:30 UTC on 31 March is already 1 April in Hà Nội', () => {
    expect(longDate('2022-03-31T17:30:00.000Z')).toBe('ngày 01 tháng 4 năm 2022');
    expect(clockTime('2022-04-01T07:00:00.000Z')).toBe('14 giờ 00');
    expect(weekday('2022-04-01T07:00:00.000Z')).toBe('thứ Sáu');
    expect(weekday('2022-04-03')).toBe('Chủ nhật');
  });

  it('should cite dates in running text as "16/3/2022" and months as "tháng 4 năm 2022"', () => {
    expect(shortDate('2022-03-16')).toBe('16/3/2022');
    expect(shortDate('2018-02-05')).toBe('05/02/2018');
    expect(monthYear('2022-04')).toBe('tháng 4 năm 2022');
    expect(monthYear('2023-02')).toBe('tháng 02 năm 2023');
  });

  it('should put the place before the date, or a dotted place to fill in when none is known', () => {
    expect(placeDateLine('Hà Nội', '2022-04-01')).toBe('Hà Nội, ngày 01 tháng 4 năm 2022');
    expect(placeDateLine(null, '2022-04-01')).toBe('…………, ngày 01 tháng 4 năm 2022');
  });
});

describe('names in the header', () => {
  it.each([
    ['Đảng ủy phường Ngọc Lâm', 'ĐẢNG BỘ PHƯỜNG NGỌC LÂM'],
    ['Đảng ủy xã Ngọc Sơn', 'ĐẢNG BỘ XÃ NGỌC SƠN'],
    ['Quận ủy Long Biên', 'ĐẢNG BỘ QUẬN LONG BIÊN'],
    ['Thành ủy Hải Phòng', 'ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG'],
    ['Tỉnh ủy Bắc Giang', 'ĐẢNG BỘ TỈNH BẮC GIANG'],
    ['Chi bộ Trường THCS Ái Mộ', 'CHI BỘ TRƯỜNG THCS ÁI MỘ'],
  ])('should print the superior %s as "%s"', (name, printed) => {
    expect(partyBodyName(name)).toBe(printed);
  });

  it.each([
    ['Đảng ủy phường Ngọc Lâm', 'Ngọc Lâm'],
    ['Đảng ủy xã Ngọc Sơn', 'Ngọc Sơn'],
    ['Đảng ủy thị trấn Thắng', 'Thắng'],
    ['Đảng ủy Khối cơ quan', null],
    [null, null],
  ])('should take the place of %s as %s', (name, place) => {
    expect(placeFromName(name)).toBe(place);
  });

  it('should upper-case Vietnamese letters with their marks', () => {
    expect(upper('Chi bộ Trường Tiểu học Lê Hồng Phong')).toBe('CHI BỘ TRƯỜNG TIỂU HỌC LÊ HỒNG PHONG');
  });
});

describe('numbers', () => {
  it('should write small counts with two digits, percentages with a decimal comma, sections in Roman numerals', () => {
    expect([count2(2), count2(0), count2(15), count2(100)]).toEqual(['02', '00', '15', '100']);
    expect([percent(15, 16), percent(14, 14), percent(0, 0), percent(1, 3)]).toEqual(['93,75%', '100%', '0%', '33,33%']);
    expect([roman(1), roman(4), roman(6), roman(9), roman(14)]).toEqual(['I', 'IV', 'VI', 'IX', 'XIV']);
    expect(numberCode('Số 01-NQ/CB')).toBe('01-NQ/CB');
    expect(findingShort('report-late')).toBe('Báo cáo chậm hạn');
  });
});

describe('citations and quotes in running text', () => {
  it.each([
    ['12-HD/BTCTW', '2018-07-06', 'Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018'],
    ['21-KL/TW', '2021-10-25', 'Kết luận số 21-KL/TW ngày 25/10/2021'],
    ['04-NQ/TW', '2016-10-30', 'Nghị quyết số 04-NQ/TW ngày 30/10/2016'],
    ['06-ĐA/HU', '2019-03-25', 'Đề án số 06-ĐA/HU ngày 25/3/2019'],
    ['24-QĐ/TW', '2021-07-30', 'Văn bản số 24-QĐ/TW ngày 30/7/2021'],
    ['Số 01-NQ/CB', null, 'Nghị quyết số 01-NQ/CB'],
  ])('should cite %s of %s as "%s"', (number, date, text) => {
    expect(citation(number, date)).toBe(text);
  });

  it('should quote a title with typographic quotes, nesting the ones it contains', () => {
    expect(quoted('Tự soi, tự sửa')).toBe('“Tự soi, tự sửa”');
    expect(quoted('Sinh hoạt chuyên đề "Tự soi, tự sửa"')).toBe('“Sinh hoạt chuyên đề ‘Tự soi, tự sửa’”');
  });
});

describe('text typed in a form, printed inside a sentence', () => {
  it.each([
    ['Thảo luận.', 'Thảo luận'],
    ['  Biểu quyết nghị quyết;  ', 'Biểu quyết nghị quyết'],
    ['Chấm điểm, xếp loại…', 'Chấm điểm, xếp loại…'],
  ])('should print "%s" as "%s" before the template’s own full stop', (typed, printed) => {
    expect(clause(typed)).toBe(printed);
  });

  it('should keep each line of an agenda as one item, without list marks, blank lines or closing punctuation', () => {
    expect(textLines('1. Khai mạc.\n\n- Trình bày dự thảo;\r\n• Thảo luận\n  ')).toEqual(['Khai mạc', 'Trình bày dự thảo', 'Thảo luận']);
  });
});
