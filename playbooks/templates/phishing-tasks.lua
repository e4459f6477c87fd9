-- Template: add the phishing response checklist as tasks to incidents about phishing: those
-- whose alerts carry a phishing technique (T1566 Phishing, T1598 Phishing for Information, and
-- their sub-techniques) or that carry the `label` tag. Runs when an incident is created, and when
-- it is updated with that tag added. A marker label (`done_label`) keeps the checklist from being
-- added twice; it is written only after every task, so a failed run can simply be re-run.
return {
  name = "phishing-tasks",
  version = "1.0.0",
  description = "Adds the phishing response checklist to phishing incidents",
  triggers = { { kind = "incident", options = { events = { "created", "updated" } } } },
  params = {
    label = { type = "string", default = "phishing", description = "tag that marks an incident as phishing" },
    techniques = { type = "string", default = "T1566,T1598", description = "MITRE techniques (and their sub-techniques) that mean phishing, comma-separated" },
    done_label = { type = "string", default = "phishing-tasks-added", description = "label added once the tasks are" },
    tasks = { type = "table", default = {
      { title = "Identify the reported message", description = "Message-ID, sender, recipients, subject, time received; keep the original as evidence." },
      { title = "Find every recipient", description = "Search the mail logs for the same sender, subject or URL; list who received and who opened it." },
      { title = "Purge the message from mailboxes", description = "Soft-delete it from every recipient's mailbox; record the count." },
      { title = "Block the sender and the URLs", description = "Block sender address/domain at the gateway; add URLs and attachment hashes to the block lists." },
      { title = "Check for clicks and credential entry", description = "Proxy and sign-in logs: who visited the URL; reset passwords and revoke sessions of anyone who entered credentials." },
      { title = "Scan endpoints that opened attachments", description = "Run a full scan / isolate hosts where the attachment was executed." },
      { title = "Inform the reporter and affected users", description = "Thank the reporter; tell recipients what to do." },
    }, description = "the checklist: list of {title, description}" },
  },
  run = function(ctx)
    local p, trigger = ctx.params, ctx.trigger
    if trigger.event == "updated" then
      local tagged = false
      for _, c in ipairs(trigger.changes or {}) do
        if c.field == "labels" then
          for _, l in ipairs(c.after or {}) do
            if (l.labelName or ""):lower() == p.label:lower() then tagged = true end
          end
        end
      end
      if not tagged then return { added = 0, reason = "no phishing tag added" } end
    end
    -- Re-read: the trigger's snapshot predates the alerts of an incident created with them.
    local incident, err = tocsin.incidents.get{ incident = trigger.incident.name }
    if not incident then
      ctx.log.error("cannot read incident " .. trigger.incident.name .. ": " .. err.message)
      return { added = 0, error = err.code }
    end
    local is_phishing, reason = false, nil
    for _, l in ipairs(incident.labels or {}) do
      local name = (l.labelName or ""):lower()
      if name == p.done_label:lower() then return { added = 0, reason = "already added" } end
      if name == p.label:lower() then is_phishing, reason = true, "label " .. l.labelName end
    end
    local data = incident.additionalData or {}
    for prefix in p.techniques:gmatch("[^,%s]+") do
      for _, t in ipairs(data.techniques or {}) do
        if not is_phishing and (t == prefix or t:sub(1, #prefix + 1) == prefix .. ".") then
          is_phishing, reason = true, "technique " .. t
        end
      end
    end
    if not is_phishing then return { added = 0, reason = "not phishing" } end

    for i, task in ipairs(p.tasks) do
      local _, terr = tocsin.incidents.add_task{ incident = incident.name, title = task.title, description = task.description }
      if terr then
        ctx.log.error("task " .. i .. " of the phishing checklist not added: " .. terr.message)
        return { added = i - 1, error = terr.code }
      end
    end
    tocsin.incidents.add_labels{ incident = incident.name, labels = { p.done_label } }
    ctx.log.info("phishing checklist added to incident " .. tostring(incident.incidentNumber) .. " (" .. reason .. ")")
    return { added = #p.tasks, reason = reason }
  end,
}
