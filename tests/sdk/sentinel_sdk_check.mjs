// Drives Tocsin with Microsoft's published Sentinel client (@azure/arm-securityinsight, as
// installed from npm, unmodified): the calls an ITSM integration makes, checked step by step.
// Run by tests/sdk/sdk_compat_test.cpp against a real server; exits 1 naming the failed step.
//
// Environment: TOCSIN_URL (https://127.0.0.1:PORT; the SDK sends bearer tokens over TLS only),
// TOCSIN_TOKEN, SDK_SUBSCRIPTION, SDK_RESOURCE_GROUP, SDK_WORKSPACE, SDK_ALERT_ID (an alert the
// test ingested), NODE_EXTRA_CA_CERTS (the server's self-signed certificate).
import { SecurityInsights } from "@azure/arm-securityinsight";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

// A TokenCredential as @azure/core-auth defines it: the SDK asks it for a bearer token.
const credential = {
  getToken: async () => ({ token: env("TOCSIN_TOKEN"), expiresOnTimestamp: Date.now() + 3600e3 }),
};

const client = new SecurityInsights(credential, env("SDK_SUBSCRIPTION"), {
  endpoint: env("TOCSIN_URL"),
  // No retries: a failure must show as a failure, not as a slow test.
  retryOptions: { maxRetries: 0 },
});
const rg = env("SDK_RESOURCE_GROUP");
const ws = env("SDK_WORKSPACE");
const alertId = env("SDK_ALERT_ID");

let step = "";
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};
const collect = async (iterator) => {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
};

const incidentId = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
try {
  step = "Incidents_CreateOrUpdate (create)";
  const created = await client.incidents.createOrUpdate(rg, ws, incidentId, {
    title: "Suspicious sign-in from a TOR exit node",
    description: "Raised by the SDK compatibility check",
    severity: "High",
    status: "New",
    labels: [{ labelName: "sdk" }],
  });
  check(created.name === incidentId, `name ${created.name}`);
  check(created.incidentNumber > 0, `incidentNumber ${created.incidentNumber}`);
  check(created.createdTimeUtc instanceof Date, "createdTimeUtc is not a date");
  check(typeof created.etag === "string" && created.etag.length > 0, "no etag");
  check(created.labels?.[0]?.labelName === "sdk", "labels lost");

  step = "Incidents_Get";
  const got = await client.incidents.get(rg, ws, incidentId);
  check(got.title === "Suspicious sign-in from a TOR exit node", `title ${got.title}`);
  check(got.etag === created.etag, `etag changed without a write: ${created.etag} then ${got.etag}`);

  step = "Incidents_CreateOrUpdate (update with the etag, as the SDK sends it: in the body)";
  const updated = await client.incidents.createOrUpdate(rg, ws, incidentId, {
    ...got,
    status: "Active",
    owner: { assignedTo: "Alice Analyst", email: "alice@example.com" },
  });
  check(updated.status === "Active", `status ${updated.status}`);
  check(updated.owner?.email === "alice@example.com", "owner lost");
  check(updated.etag !== got.etag, "etag did not change on write");

  step = "Incidents_CreateOrUpdate with a stale etag";
  let conflict;
  try {
    await client.incidents.createOrUpdate(rg, ws, incidentId, { ...got, severity: "Low" });
  } catch (e) {
    conflict = e;
  }
  check(conflict?.statusCode === 409, `expected a 409 RestError, got ${conflict?.statusCode}`);
  check(conflict?.code === "Conflict", `error code ${conflict?.code}`);

  step = "IncidentRelations_CreateOrUpdate";
  const relation = await client.incidentRelations.createOrUpdate(rg, ws, incidentId, "sdk-relation", {
    relatedResourceId:
      `/subscriptions/${env("SDK_SUBSCRIPTION")}/resourceGroups/${rg}/providers/` +
      `Microsoft.OperationalInsights/workspaces/${ws}/providers/Microsoft.SecurityInsights/entities/${alertId}`,
  });
  check(relation.relatedResourceName === alertId, `relatedResourceName ${relation.relatedResourceName}`);
  check(relation.relatedResourceKind === "SecurityAlert", `kind ${relation.relatedResourceKind}`);

  step = "IncidentRelations_List";
  const relations = await collect(client.incidentRelations.list(rg, ws, incidentId));
  check(relations.length === 1 && relations[0].name === "sdk-relation", "relation not listed");

  step = "Incidents_ListAlerts";
  const alerts = await client.incidents.listAlerts(rg, ws, incidentId);
  check(alerts.value?.length === 1, `alerts ${alerts.value?.length}`);
  check(alerts.value[0].systemAlertId === alertId, `systemAlertId ${alerts.value[0].systemAlertId}`);

  step = "Incidents_ListEntities";
  const entities = await client.incidents.listEntities(rg, ws, incidentId);
  check(entities.entities?.some((e) => e.kind === "Ip"), "the alert's IP entity is missing");
  check(entities.metaData?.some((m) => m.entityKind === "Ip" && m.count === 1), "metaData");

  step = "IncidentComments_CreateOrUpdate";
  const comment = await client.incidentComments.createOrUpdate(rg, ws, incidentId, "f1b3c2a0-0000-4000-8000-0000000000aa", {
    message: "Blocked the source address at the firewall",
  });
  check(comment.message === "Blocked the source address at the firewall", "comment message");

  step = "IncidentComments_List";
  const comments = await collect(client.incidentComments.list(rg, ws, incidentId));
  check(comments.length === 1, `comments ${comments.length}`);

  step = "Incidents_List with $filter, $orderby and paging ($top 2 over 5 incidents)";
  for (let i = 0; i < 4; ++i)
    await client.incidents.createOrUpdate(rg, ws, `0d7c1a2b-3c4d-4e5f-8a9b-00000000000${i}`, {
      title: `Paged incident ${i}`,
      severity: "Low",
      status: "New",
    });
  const all = await collect(client.incidents.list(rg, ws, { top: 2, orderby: "properties/createdTimeUtc desc" }));
  check(all.length === 5, `listed ${all.length} incidents across pages`);
  const low = await collect(client.incidents.list(rg, ws, { filter: "properties/severity eq 'Low'" }));
  check(low.length === 4, `filtered ${low.length}`);

  step = "AutomationRules_CreateOrUpdate";
  const rule = await client.automationRules.createOrUpdate(rg, ws, "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", {
    automationRuleToUpsert: {
      displayName: "Tag SDK incidents",
      order: 1,
      triggeringLogic: { isEnabled: true, triggersOn: "Incidents", triggersWhen: "Created" },
      actions: [
        {
          actionType: "ModifyProperties",
          order: 1,
          actionConfiguration: { labels: [{ labelName: "from-sdk-rule" }] },
        },
      ],
    },
  });
  check(rule.displayName === "Tag SDK incidents", `displayName ${rule.displayName}`);

  step = "AutomationRules_List";
  const rules = await collect(client.automationRules.list(rg, ws));
  check(rules.some((r) => r.name === "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), "rule not listed");

  step = "AutomationRules_Delete";
  await client.automationRules.delete(rg, ws, "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

  step = "Incidents_Get of an unknown incident";
  let missing;
  try {
    await client.incidents.get(rg, ws, "00000000-0000-4000-8000-00000000dead");
  } catch (e) {
    missing = e;
  }
  check(missing?.statusCode === 404, `expected 404, got ${missing?.statusCode}`);

  step = "Incidents_Delete";
  await client.incidents.delete(rg, ws, incidentId);
  const after = await collect(client.incidents.list(rg, ws));
  check(!after.some((i) => i.name === incidentId), "deleted incident still listed");

  console.log("sentinel sdk check: all steps passed");
} catch (e) {
  console.error(`sentinel sdk check failed at ${step}: ${e?.message ?? e}`);
  if (e?.response?.bodyAsText) console.error(`response body: ${e.response.bodyAsText}`);
  process.exit(1);
}
