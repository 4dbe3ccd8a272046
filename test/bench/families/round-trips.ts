import { httpRoutes, webSocketAuthorizer, webSocketRoutes } from '#infra/routes/index';
import type { FamilyResult, Row } from '#test/bench/report/row';
import { verdict } from '#test/bench/report/row';
import { compatScenarios } from '#test/bench/round-trips/compat-scenarios';
import { coreScenarios } from '#test/bench/round-trips/core-scenarios';
import { safetyScenarios } from '#test/bench/round-trips/safety-scenarios';
import type { Scenario } from '#test/bench/round-trips/scenario';
import { websocketScenarios } from '#test/bench/round-trips/websocket-scenarios';
import { tripsWorld } from '#test/bench/round-trips/world';
import type { BenchContext } from '#test/bench/support/bench-context';
import { callSequence, type Usage } from '#test/bench/support/dynamo-meter';
import { probeOperation } from '#test/bench/support/operation-probe';

const WRITE_GOAL = 2;
const READ_GOAL = 1;

/**
 * Row 3: the sequential DynamoDB round trips on the request path of every route (the stream processor's work is
 * not on it): the longest chain of calls each waiting for the one before, which is what a request's latency pays.
 * Goal: at most 2 for every write, exactly 1 for every read (a GET, unless its scenario says what it writes). Calls
 * made in parallel are not hidden: every row also shows how many calls there were and how they ran (`→` one after
 * the other, `∥` at once), counted by the meter's SDK middleware.
 * Every HTTP and WebSocket route of the route list has at least one scenario (test/bench/round-trips/); one without
 * is a failing row, as is a scenario naming no route of the list.
 */
export const measureRoundTrips = async (ctx: BenchContext): Promise<FamilyResult> => {
  const w = await tripsWorld(ctx);
  const scenarios = [
    ...(await coreScenarios(w)),
    ...(await safetyScenarios(w)),
    ...(await compatScenarios(w)),
    ...(await websocketScenarios(ctx, w)),
  ];
  const routes = [
    ...httpRoutes.map((r) => ({ name: r.name, subject: r.name, method: r.method, label: `${r.method} ${r.path}` })),
    ...webSocketRoutes.map((r) => ({
      name: r.name,
      subject: `WebSocket${r.name}`,
      method: 'WebSocket',
      label: `WebSocket ${r.routeKey}`,
    })),
    {
      name: webSocketAuthorizer.name,
      subject: `WebSocket${webSocketAuthorizer.name}`,
      method: 'WebSocket',
      label: 'WebSocket $connect authorizer',
    },
  ];
  const unknown = scenarios.filter((s) => !routes.some((r) => r.name === s.route));
  if (unknown.length > 0)
    throw new Error(`round-trip scenarios of no route in the route list: ${unknown.map((s) => s.route).join(', ')}`);

  // In the scenarios' order (later ones use what earlier ones made); reported in the route list's order.
  const measured = new Map<Scenario, Usage>();
  for (const scenario of scenarios) {
    await scenario.prepare?.();
    const { request } = await probeOperation(ctx.stack, ctx.meter, scenario.run);
    measured.set(scenario, request);
  }
  const rows: Row[] = [];
  for (const route of routes) {
    const own = scenarios.filter((s) => s.route === route.name);
    if (own.length === 0) {
      rows.push({
        family: '3',
        subject: `round trips: ${route.subject}`,
        measured: 'not measured: no scenario in test/bench/round-trips/',
        goal: 'a scenario for every route',
        verdict: 'fail',
        data: { route: route.label, missing: true },
      });
      continue;
    }
    for (const scenario of own) {
      const request = measured.get(scenario)!;
      const sequence = callSequence(request);
      const isRead = route.method === 'GET' && scenario.writes === undefined;
      const limit = isRead ? READ_GOAL : WRITE_GOAL;
      rows.push({
        family: '3',
        subject: `round trips: ${route.subject} (${scenario.label})`,
        measured: `${sequence.sequential} sequential, ${request.calls} ${request.calls === 1 ? 'call' : 'calls'}${request.calls > 0 ? `: ${sequence.text}` : ''}`,
        goal: `≤ ${limit} sequential${isRead ? ' (read)' : scenario.writes ? ` (GET that writes: ${scenario.writes})` : ''}`,
        verdict: verdict(sequence.sequential <= limit),
        data: {
          route: route.label,
          sequential: sequence.sequential,
          calls: request.calls,
          commands: request.commands,
          read: isRead,
        },
      });
    }
  }
  return { rows };
};
