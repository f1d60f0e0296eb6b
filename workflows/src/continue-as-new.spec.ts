import { CONTINUE_AS_NEW, INLINE_STATE_LIMIT, MAX_BYTES_PER_UNIT, MAX_PAYLOAD_BYTES, REPORT_PAGE_UNITS, shouldContinueAsNew, shouldContinueAsNewBySize, START_CHUNK, START_INLINE_BYTES, STATE_CHUNK, STATE_CHUNK_UNDER_WARNING } from './continue-as-new';
import { PROJECTION_LIMITS_UNDER_WARNING } from './projection-slices';

const info = (historyLength: number, over: Partial<{ historySize: number; continueAsNewSuggested: boolean }> = {}) => ({
  historyLength,
  historySize: 1024,
  continueAsNewSuggested: false,
  ...over,
});

describe('shouldContinueAsNew', () => {
  it.each([
    ['the server suggests it after enough progress', info(1_500, { continueAsNewSuggested: true }), 100, true],
    ['the history passed the event limit', info(CONTINUE_AS_NEW.maxEvents), 0, true],
    ['the history passed the size limit', info(2_000, { historySize: CONTINUE_AS_NEW.maxBytes }), 0, true],
    ['the history is short and not suggested', info(3_000), 0, false],
    ['the run has not made enough progress, even if suggested and large', info(CONTINUE_AS_NEW.maxEvents + 10, { continueAsNewSuggested: true, historySize: CONTINUE_AS_NEW.maxBytes * 3 }), CONTINUE_AS_NEW.maxEvents, false],
  ])('should answer correctly when %s', (_label, history, startLength, expected) => {
    expect(shouldContinueAsNew(history, startLength)).toBe(expected);
  });
});

describe('shouldContinueAsNewBySize', () => {
  const loaded = { length: 100, size: 3 * 1024 * 1024 };
  const big = { length: 100, size: CONTINUE_AS_NEW.maxBytesUnderWarning * 2 };
  it.each([
    ['the server suggests it after enough events', info(1_200, { continueAsNewSuggested: true, historySize: loaded.size }), loaded, true],
    ['the server suggests it after 2 MiB more, in few events', info(150, { continueAsNewSuggested: true, historySize: loaded.size + CONTINUE_AS_NEW.minBytesPerRun }), loaded, true],
    ['the run passed 8 MiB after 2 MiB more', info(150, { historySize: CONTINUE_AS_NEW.maxBytesUnderWarning }), loaded, true],
    ['the run passed the event limit', info(CONTINUE_AS_NEW.maxEvents + 100, { historySize: loaded.size }), loaded, true],
    ['the server suggests it, but the run has not grown since its state was loaded', info(150, { continueAsNewSuggested: true, historySize: loaded.size + 1024 }), loaded, false],
    ['the run is large only from its state reload', info(120, { continueAsNewSuggested: true, historySize: big.size + 1024 }), big, false],
    ['the run is under every limit', info(900, { historySize: loaded.size + CONTINUE_AS_NEW.minBytesPerRun }), loaded, false],
  ])('should answer correctly when %s', (_label, history, start, expected) => {
    expect(shouldContinueAsNewBySize(history, start)).toBe(expected);
  });

  it('should keep a run under Temporal’s 10 MiB warning', () => {
    expect(CONTINUE_AS_NEW.maxBytesUnderWarning).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('payload sizes in bytes', () => {
  // The worst text a state can hold for its length: 3-byte characters (Vietnamese with stacked marks, CJK), and
  // 4-byte characters as surrogate pairs.
  const worst = ['ậ', 'ữ', '中', '😀', '"', '\\'];
  it.each(worst)('should keep a slice of %s at most MAX_BYTES_PER_UNIT bytes per code unit once JSON-encoded in a payload', (ch) => {
    const slice = ch.repeat(Math.floor(STATE_CHUNK / ch.length));
    expect(slice.length).toBeLessThanOrEqual(STATE_CHUNK);
    const bytes = Buffer.byteLength(JSON.stringify({ chunk: slice }), 'utf8');
    expect(bytes).toBeLessThanOrEqual(STATE_CHUNK * MAX_BYTES_PER_UNIT + 64);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('should keep the slice and the inline state under the limits Temporal sets in bytes', () => {
    expect(STATE_CHUNK * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(INLINE_STATE_LIMIT * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(512 * 1024);
  });

  it('should keep a start, its slices and a page of reports under the 512 KiB payload warning', () => {
    expect(START_INLINE_BYTES).toBeLessThanOrEqual(512 * 1024);
    expect(START_CHUNK * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(512 * 1024);
    expect(REPORT_PAGE_UNITS * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(512 * 1024);
    expect(STATE_CHUNK_UNDER_WARNING * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(512 * 1024);
    expect(PROJECTION_LIMITS_UNDER_WARNING.maxUnits * MAX_BYTES_PER_UNIT).toBeLessThanOrEqual(512 * 1024);
  });
});
