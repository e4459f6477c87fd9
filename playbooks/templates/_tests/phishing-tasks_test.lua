-- Tests of ../phishing-tasks.lua (docs/playbook-tests.md).
local name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b"
local function stored(labels, techniques)
  local l = {}
  for _, n in ipairs(labels) do l[#l + 1] = { labelName = n, labelType = "User" } end
  return { name = name, incidentNumber = 12, labels = l, additionalData = { techniques = techniques } }
end
local created = { event = "created", incident = { name = name } }

return {
  ["adds the checklist to an incident with a phishing technique"] = {
    trigger = created,
    actions = {
      ["incidents.get"] = stored({}, { "T1059", "T1566.001" }),
      ["incidents.add_task"] = { name = "t" },
      ["incidents.add_labels"] = { name = name },
    },
    expect = function(run)
      expect.status("succeeded")
      expect.call_count("incidents.add_task", 7)
      expect.called("incidents.add_task", { incident = name, title = "Purge the message from mailboxes" })
      expect.called("incidents.add_labels", { labels = { "phishing-tasks-added" } })
      expect.eq(run.result, { added = 7, reason = "technique T1566.001" })
    end,
  },

  ["adds it when an analyst tags the incident"] = {
    trigger = { event = "updated", incident = { name = name },
                changes = { { field = "labels", before = {}, after = { { labelName = "Phishing" } } } } },
    params = { tasks = { { title = "Only task" } } },
    actions = {
      ["incidents.get"] = stored({ "Phishing" }, {}),
      ["incidents.add_task"] = { name = "t" },
      ["incidents.add_labels"] = { name = name },
    },
    expect = function(run)
      expect.called("incidents.add_task", { title = "Only task" })
      expect.eq(run.result, { added = 1, reason = "label Phishing" })
    end,
  },

  ["ignores other incidents and other updates"] = {
    trigger = created,
    actions = { ["incidents.get"] = stored({ "malware" }, { "T15660" }) },
    expect = function(run)
      expect.not_called("incidents.add_task")
      expect.eq(run.result, { added = 0, reason = "not phishing" })
    end,
  },

  ["ignores updates that add no phishing tag"] = {
    trigger = { event = "updated", incident = { name = name }, changes = { { field = "severity", before = "Low", after = "High" } } },
    expect = function(run)
      expect.not_called("incidents.get")
      expect.eq(run.result.reason, "no phishing tag added")
    end,
  },

  ["never adds the checklist twice"] = {
    trigger = created,
    actions = { ["incidents.get"] = stored({ "phishing", "phishing-tasks-added" }, {}) },
    expect = function(run) expect.eq(run.result, { added = 0, reason = "already added" }) end,
  },

  ["stops without the marker when a task fails"] = {
    trigger = created,
    actions = {
      ["incidents.get"] = stored({ "phishing" }, {}),
      ["incidents.add_task"] = stub.sequence({ name = "t1" }, stub.error("invalid_argument", "title too long")),
    },
    expect = function(run)
      expect.not_called("incidents.add_labels")
      expect.eq(run.result, { added = 1, error = "invalid_argument" })
    end,
  },
}
