/**
 * The problems found in the environment, at most one per variable: the first found. A variable
 * broken in one way usually breaks several rules (`PORT=abc` is no integer, so it is no port
 * either), and the follow-on messages only hide the one that says what to fix.
 */
export class EnvProblems {
  private readonly byVariable = new Map<string, string>();

  /** Records `problem` for `variable`, unless it already has one. */
  add(variable: string, problem: string): void {
    if (!this.byVariable.has(variable)) this.byVariable.set(variable, problem);
  }

  /** A reporter for one variable, for parsers that need not know the variable's name. */
  reporterFor(variable: string): (problem: string) => void {
    return (problem) => this.add(variable, problem);
  }

  /** The problems, in the order their variables were first found wrong. */
  list(): string[] {
    return [...this.byVariable.values()];
  }
}
