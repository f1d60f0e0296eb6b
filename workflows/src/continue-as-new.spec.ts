import { CONTINUE_AS_NEW, shouldContinueAsNew } from './continue-as-new';

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
