-- On every new incident: add a label, so analysts can tell which incidents the engine has seen.
-- Change the label with the `label` parameter.
return {
  name = "tag-new-incidents",
  version = "1.0.0",
  description = "Labels each new incident",
  triggers = { "incident" },
  params = {
    label = { type = "string", default = "tocsin-seen", description = "label to add" },
  },
  run = function(ctx)
    local incident = ctx.trigger.incident
    local updated, err = tocsin.incidents.add_labels{
      incident = incident.name,
      labels = { ctx.params.label },
    }
    if not updated then
      ctx.log.error("could not label incident " .. incident.name .. ": " .. err.message)
      return { labelled = false, error = err.code }
    end
    ctx.log.info("labelled incident " .. tostring(updated.incidentNumber))
    return { labelled = true, incident = incident.name }
  end,
}
