#pragma once
// Fixed, realistic sample objects of the model, for generated documentation and editor types:
// plugins turn them into their actions' output_example through the same JSON functions their
// handlers use, so a documented result cannot differ in shape from a real one. Nothing at run
// time reads these.

#include "engine/model/alert.hpp"
#include "engine/model/comment.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/relation.hpp"
#include "engine/model/task.hpp"

namespace tocsin::model {

incident example_incident();
alert example_alert();  // with one host entity
entity example_entity();
comment example_comment();
task example_task();
relation example_relation();

}  // namespace tocsin::model
