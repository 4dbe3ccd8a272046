/**
 * One measured call of a route for family 3 (round trips): what the route is asked, and the check that it answered
 * as intended (a scenario that failed would measure an error path). Scenarios run in the order their list gives,
 * each after the one before it has finished, so a later one may use what an earlier one created.
 */
export interface Scenario {
  /** The route's name in the route list (infra/routes), e.g. `SendMessage` or `WsSendMessage`. */
  route: string;
  label: string;
  /**
   * A GET that also writes on its request path (e.g. showing messages reads them): held to the write goal, and the
   * reason shown next to it. Any other GET is a read.
   */
  writes?: string;
  /** What must happen first and is not measured (e.g. a message for the measured call to show). */
  prepare?: () => Promise<unknown>;
  run: () => Promise<unknown>;
}
