-- Tests of ../create-incident-from-form.lua (docs/playbook-tests.md).
local form = { kind = "form", form = "report-suspicious-activity", submitted_at = "2024-06-05T09:51:48Z", answers = {} }
local created = { name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b", incidentNumber = 7, title = "USB stick" }

return {
  ["creates the incident and comments the reporter"] = {
    trigger = form,
    params = { title = "USB stick", description = "Found in room 4", severity = "High",
               category = "Data loss", reporter = "alice@contoso.com", tags = "usb, room-4" },
    actions = {
      ["incidents.create"] = created,
      ["incidents.add_comment"] = { name = "c1" },
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.create", {
        title = "USB stick", description = "Found in room 4", severity = "High",
        labels = { "user-report", "category-data-loss", "usb", "room-4" },
      })
      local c = expect.called("incidents.add_comment", { incident = created.name })
      expect.contains(c.input.message, "Reported by alice@contoso.com through the form 'report-suspicious-activity'")
      expect.eq(run.result.incident, created)
      expect.contains(run.result.message, "alice@contoso.com")
    end,
  },

  ["takes a JSON submission's responder as the reporter"] = {
    trigger = { kind = "form", form = "report-suspicious-activity", responder = "bob@contoso.com", answers = {} },
    params = { title = "Odd pop-up" },
    actions = { ["incidents.create"] = created, ["incidents.add_comment"] = { name = "c1" } },
    expect = function(run)
      expect.called("incidents.create", { description = "Odd pop-up", severity = "Medium",
                                          labels = { "user-report", "category-other" } })
      local c = expect.called("incidents.add_comment")
      expect.contains(c.input.message, "bob@contoso.com")
    end,
  },

  ["asks for the reporter's address when there is none"] = {
    trigger = form,
    params = { title = "Odd pop-up" },
    expect = function(run)
      expect.not_called("incidents.create")
      expect.eq(run.result, { errors = { reporter = "Enter your e-mail address so that the security team can contact you." } })
    end,
  },

  ["shows the store's refusal next to the field"] = {
    trigger = form,
    params = { title = "x", reporter = "alice@contoso.com" },
    actions = { ["incidents.create"] = stub.error("invalid_argument", "title is too long", "title") },
    expect = function(run)
      expect.eq(run.result, { errors = { title = "title is too long" } })
    end,
  },

  ["asks for a shorter title instead of failing"] = {
    trigger = form,
    params = { title = string.rep("a", 257), reporter = "alice@contoso.com" },
    expect = function(run)
      expect.not_called("incidents.create")
      expect.contains(run.result.errors.title, "at most 256 characters")
    end,
  },

  ["creates a real incident on a temporary store"] = {
    store = "temporary",
    trigger = form,
    params = { title = "Tailgating at the side door", category = "Physical", reporter = "carol@contoso.com" },
    expect = function(run)
      local stored = tocsin.incidents.get{ incident = run.result.incident.name }
      expect.eq(stored.title, "Tailgating at the side door")
      expect.like(stored.labels, { { labelName = "user-report" }, { labelName = "category-physical" } })
      expect.eq(stored.additionalData.commentsCount, 1)
    end,
  },
}
