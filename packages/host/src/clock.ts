/** Where the runtime reads "now". Injected so tests and scenarios run on a simulated clock. */
export interface Clock {
  now(): string;
  /** True when time only moves when told to (scenarios, tests): timers then fire on `advanceTo`, not by delay. */
  readonly simulated: boolean;
}

/** The machine's clock. */
export class SystemClock implements Clock {
  readonly simulated = false;
  now(): string {
    return new Date().toISOString();
  }
}

/** A clock that only moves forward when told to. */
export class SimulatedClock implements Clock {
  readonly simulated = true;
  constructor(private current: string) {}

  now(): string {
    return this.current;
  }

  /** Moves to `at`; never backwards. */
  set(at: string): void {
    if (Date.parse(at) < Date.parse(this.current)) throw new RangeError(`The simulated clock cannot go back from ${this.current} to ${at}`);
    this.current = new Date(at).toISOString();
  }
}
