-- Template: mail to a shared mailbox whose subject contains a keyword becomes an incident.
-- Labelled lines in the body fill the incident's fields (labels are matched ignoring case, values
-- are trimmed; a label's value runs on to the next label, so a description can span lines):
--   Incident title: …   Description: …   Severity: Low|Medium|High|Informational
--   Status: New|Active   Tag: a, b (several Tag lines add up)   Assign incident to: name@example.com
-- Without a title the subject is used, without a description the whole body. The sender gets a
-- reply (notify.email) with the incident number, or with what was wrong: an unknown severity or
-- status is reported, never guessed. Bounces and auto-submitted mail get no reply, so two
-- automatic mailboxes cannot answer each other forever.
return {
  name = "create-incident-from-email",
  version = "1.0.0",
  description = "Turns mail to a shared mailbox into an incident and replies to the sender",
  triggers = { { kind = "email" } },
  params = {
    keyword = { type = "string", default = "incident", description = "the subject must contain this (ignoring case)" },
    mailbox = { type = "string", default = "", description = "only mail to this mailbox; empty: any accepted mailbox" },
    severity = { type = "choice", choices = { "Informational", "Low", "Medium", "High" }, default = "Medium", description = "severity when the mail names none" },
    label = { type = "string", default = "reported-by-email", description = "label every such incident gets; empty: none" },
    reply = { type = "boolean", default = true, description = "reply to the sender" },
    mail_instance = { type = "string", default = "", description = "notify instance that sends replies; empty: the default one" },
  },
  run = function(ctx)
    local p, mail = ctx.params, ctx.trigger
    local subject = mail.subject or ""
    if p.mailbox ~= "" and (mail.mailbox or ""):lower() ~= p.mailbox:lower() then
      return { skipped = "mailbox" }
    end
    if not subject:lower():find(p.keyword:lower(), 1, true) then
      return { skipped = "subject" }
    end

    local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
    local fields = {
      ["incident title"] = "title", ["description"] = "description", ["severity"] = "severity",
      ["status"] = "status", ["tag"] = "tag", ["tags"] = "tag", ["assign incident to"] = "owner",
    }
    local found, tags, current = {}, {}, nil
    local body = (mail.body or ""):gsub("\r", "")
    for line in (body .. "\n"):gmatch("(.-)\n") do
      local label, value = line:match("^%s*([%a][%a ]-)%s*:(.*)$")
      local field = label and fields[label:lower()]
      if field then
        value = trim(value)
        if field == "tag" then
          for tag in value:gmatch("[^,;]+") do
            if trim(tag) ~= "" then tags[#tags + 1] = trim(tag) end
          end
          current = nil
        else
          found[field] = value
          current = field == "description" and "description" or nil
        end
      elseif current == "description" then
        found.description = found.description .. "\n" .. line
      end
    end

    local problems = {}
    local function canonical(value, choices, what)
      for _, c in ipairs(choices) do
        if c:lower() == value:lower() then return c end
      end
      problems[#problems + 1] = what .. " '" .. value .. "' is not one of " .. table.concat(choices, ", ")
    end
    local severity = p.severity
    if found.severity and found.severity ~= "" then
      severity = canonical(found.severity, { "Informational", "Low", "Medium", "High" }, "Severity")
    end
    local status = "New"
    if found.status and found.status ~= "" then
      status = canonical(found.status, { "New", "Active" }, "Status")
    end
    local owner
    if found.owner and found.owner ~= "" then
      if found.owner:match("^[^%s@]+@[^%s@]+%.[^%s@]+$") then
        owner = { email = found.owner, userPrincipalName = found.owner, assignedTo = found.owner }
      else
        problems[#problems + 1] = "Assign incident to '" .. found.owner .. "' is not an e-mail address"
      end
    end
    local title = (found.title and found.title ~= "") and found.title or trim(subject)
    if #title > 256 then
      problems[#problems + 1] = "Incident title is longer than 256 bytes (" .. #title .. ")"
    end
    for _, tag in ipairs(tags) do
      if #tag > 256 then problems[#problems + 1] = "Tag '" .. tag:sub(1, 40) .. "…' is longer than 256 bytes" end
    end
    local description = trim(found.description or "")
    if description == "" then description = trim(body) end
    if #description > 5000 then
      -- The store keeps 5000 bytes: cut on a UTF-8 character boundary and say so.
      local n = 4900
      while n > 0 and ((description:byte(n + 1) or 0) & 0xC0) == 0x80 do n = n - 1 end
      description = description:sub(1, n) .. "\n[cut: the message has " .. #description .. " bytes]"
    end
    if p.label ~= "" then table.insert(tags, 1, p.label) end

    local sender = (mail.reply_to and mail.reply_to.address ~= "" and mail.reply_to.address)
      or (mail.from and mail.from.address) or (mail.envelope and mail.envelope.from) or ""
    local function reply(text)
      local auto = mail.headers and mail.headers["auto-submitted"]
      if not p.reply or sender == "" or (mail.envelope and mail.envelope.from == "")
          or (auto and auto:lower() ~= "no") then
        return false
      end
      local _, err = tocsin.notify.email{
        _instance = p.mail_instance ~= "" and p.mail_instance or nil,
        to = sender,
        subject = "Re: " .. subject,
        text = text,
      }
      if err then ctx.log.error("reply to " .. sender .. " failed: " .. err.message) end
      return err == nil
    end

    if #problems > 0 then
      ctx.log.warn("mail from " .. sender .. " not turned into an incident: " .. table.concat(problems, "; "))
      local replied = reply("Your message could not be turned into an incident:\n\n- "
        .. table.concat(problems, "\n- ")
        .. "\n\nPlease correct it and send it again. Severity must be one of Informational, Low, "
        .. "Medium, High; Status one of New, Active.")
      return { created = false, errors = problems, replied = replied }
    end

    local incident, err = tocsin.incidents.create{
      title = title, description = description, severity = severity, status = status,
      owner = owner, labels = tags,
    }
    if not incident then
      ctx.log.error("incident from mail by " .. sender .. " failed: " .. err.message)
      local replied = reply("Your message could not be turned into an incident: " .. err.message)
      return { created = false, errors = { err.message }, replied = replied }
    end
    tocsin.incidents.add_comment{
      incident = incident.name,
      message = "Created from e-mail from " .. sender .. " to " .. (mail.mailbox or "?")
        .. " (Message-ID " .. (mail.message_id or "none") .. ").",
    }
    ctx.log.info("incident " .. incident.incidentNumber .. " created from mail by " .. sender)
    local replied = reply("Thank you. Your report is incident #" .. incident.incidentNumber
      .. ": " .. title .. " (severity " .. severity .. ").")
    return { created = true, incident = incident.incidentNumber, name = incident.name, replied = replied }
  end,
}
