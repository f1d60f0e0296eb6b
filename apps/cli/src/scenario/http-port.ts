import type { InstanceState } from '@chibo/procedure';
import type { Scenario, ScenarioActor, ScenarioPort, YearPort, YearScenario } from '@chibo/scenario';
import type { ApiClient } from './http-client';
import { committeeLogin, memberLogin, ADMIN_LOGIN } from './scenario-users';

interface InboxItem {
  id: string;
  instanceId: string;
  taskId: string;
}

/**
 * Drives a scenario through the public HTTP API: the committee issues the guidance, each task is found in the
 * assignee's own inbox and submitted with their token, and the admin moves the simulated clock.
 */
export function httpPort(api: ApiClient): ScenarioPort {
  const loginOf = (actor: ScenarioActor) => (actor.kind === 'committee' ? committeeLogin(actor.org) : memberLogin(actor.org, actor.member));
  return {
    issueGuidance: async (scenario: Scenario) => {
      const g = scenario.guidance;
      const created = await api.ok<{ instanceId: string }>(committeeLogin(g.issuer), 'POST', '/guidance', {
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
      await api.ok(ADMIN_LOGIN, 'POST', '/clock/settle');
      return created.instanceId;
    },
    advanceTo: async (at: string) => {
      const { now } = await api.ok<{ now: string }>(ADMIN_LOGIN, 'GET', '/clock');
      if (Date.parse(at) > Date.parse(now)) await api.ok(ADMIN_LOGIN, 'POST', '/clock/advance', { to: at });
    },
    state: async (instanceId: string) => {
      const res = await api.request<InstanceState>(ADMIN_LOGIN, 'GET', `/instances/${encodeURIComponent(instanceId)}/state`);
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw new Error(`GET state of ${instanceId} → ${res.status}`);
      return res.body;
    },
    submit: async (instanceId, taskId, actor, input) => {
      const login = loginOf(actor);
      const inbox = await api.ok<InboxItem[]>(login, 'GET', '/tasks/inbox');
      const item = inbox.find((t) => t.instanceId === instanceId && t.taskId === taskId);
      if (!item) return { ok: false, message: `nhiệm vụ ${taskId} không có trong hộp việc của ${login}` };
      const res = await api.request<{ message?: string; issues?: Array<{ path: string; rule: string }> }>(login, 'POST', `/tasks/${item.id}/submit`, input);
      if (res.status >= 300) {
        const issues = (res.body.issues ?? []).map((i) => `${i.path} ${i.rule}`).join('; ');
        return { ok: false, message: `${res.status} ${res.body.message ?? ''}${issues ? ` [${issues}]` : ''}` };
      }
      await api.ok(ADMIN_LOGIN, 'POST', '/clock/settle');
      return { ok: true };
    },
  };
}

/**
 * The year driver's port over the HTTP API: the cell's secretary opens the year (POST /calendar/years); the rest is
 * the guidance port's (tasks from each person's inbox, the admin's clock).
 */
export function yearHttpPort(api: ApiClient, scenario: YearScenario): YearPort {
  const { issueGuidance: _unused, ...rest } = httpPort(api);
  const secretary = scenario.org.kind === 'cell' && scenario.org.code === scenario.year.cell ? scenario.org : findCell(scenario.org, scenario.year.cell);
  const bySecretary = secretary?.members.find((m) => m.roles.includes('secretary'));
  return {
    ...rest,
    startYear: async (s: YearScenario) => {
      const opened = await api.ok<{ instanceId: string }>(memberLogin(s.year.cell, bySecretary?.id ?? ''), 'POST', '/calendar/years', { cell: s.year.cell, year: s.year.year });
      await api.ok(ADMIN_LOGIN, 'POST', '/clock/settle');
      return opened.instanceId;
    },
  };
}

function findCell(org: YearScenario['org'], code: string): YearScenario['org'] | undefined {
  if (org.code === code) return org;
  for (const child of org.children) {
    const found = findCell(child, code);
    if (found) return found;
  }
  return undefined;
}
