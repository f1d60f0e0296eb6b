import { ADMIN_LOGIN, committeeLogin, memberLogin } from '@chibo/cli';
import type { ScenarioActor, ScenarioPort } from '@chibo/scenario';
import type { WebApp } from './web-app';

/** The scenario driven through the app's HTTP API, each task by the person it is assigned to (as `chibo run` does). */
export function apiPort(app: WebApp): ScenarioPort {
  const loginOf = (actor: ScenarioActor) => (actor.kind === 'committee' ? committeeLogin(actor.org) : memberLogin(actor.org, actor.member));
  return {
    issueGuidance: async (scenario) => {
      const g = scenario.guidance;
      const created = await app.api<{ instanceId: string }>(committeeLogin(g.issuer), 'POST', '/guidance', {
        issuer: g.issuer,
        number: g.number,
        issuedOn: g.issuedOn,
        title: g.title,
        procedure: g.procedure,
        basedOn: g.basedOn,
        addSteps: g.addSteps,
        ...(g.rubric ? { rubric: g.rubric } : {}),
        ...(g.sessionBy ? { sessionBy: g.sessionBy } : {}),
        ...(g.reportBy ? { reportBy: g.reportBy } : {}),
        cells: g.cells,
        ...(g.cascade ? { cascade: true } : {}),
      });
      await app.settle();
      return created.instanceId;
    },
    advanceTo: async (at) => {
      const { now } = await app.api<{ now: string }>(ADMIN_LOGIN, 'GET', '/clock');
      if (Date.parse(at) > Date.parse(now)) await app.advanceTo(at);
    },
    state: async (instanceId) => {
      const response = await fetch(`${app.baseUrl}/api/v1/instances/${encodeURIComponent(instanceId)}/state`, { headers: { authorization: `Bearer ${await app.token(ADMIN_LOGIN)}` } });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`GET state of ${instanceId} → ${response.status}`);
      return (await response.json()) as Awaited<ReturnType<ScenarioPort['state']>>;
    },
    submit: async (instanceId, taskId, actor, input) => {
      const login = loginOf(actor);
      const inbox = await app.api<Array<{ id: string; instanceId: string; taskId: string }>>(login, 'GET', '/tasks/inbox');
      const item = inbox.find((t) => t.instanceId === instanceId && t.taskId === taskId);
      if (!item) return { ok: false, message: `${taskId} is not in ${login}'s inbox` };
      try {
        await app.api(login, 'POST', `/tasks/${item.id}/submit`, input);
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
      await app.settle();
      return { ok: true };
    },
  };
}
