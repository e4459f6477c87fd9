#pragma once
// The test driver: the Lua code that runs a playbook test file, itself run as a playbook in the
// same sandbox and under the same kind of budgets, so a test file can do nothing a playbook
// cannot. It gives test files the globals `expect` (assertions) and `stub` (stub builders), and
// runs in one of two modes, chosen by its params:
//   list:  {source, chunk}          → {cases = {names, sorted}}
//   case:  {source, chunk, case}    → runs that case; the driver run fails with the reason when
//                                     the case fails ("<file>:<line>: expected …")
// A case's playbook run is started and answered through the natives tocsin.playbook_test.start
// and tocsin.playbook_test.reply (playbook_test_session.hpp); the test's own tocsin.<action>
// calls go to the case's temporary store.

#include <memory>
#include <string_view>

#include "engine/lua/natives.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/runner/playbook_test_routing.hpp"

namespace tocsin::runner {

// The chunk name of the driver, as it appears in the location of errors raised in it.
inline constexpr std::string_view playbook_test_driver_chunk = "tocsin-test";

// Adds tocsin.playbook_test.start and .reply, which find their case by the driver's run id.
void add_playbook_test_natives(lua::native_registry& natives,
                               std::shared_ptr<const playbook_test_sessions> sessions);

// The driver, loaded with `natives` (which must hold the natives above).
lua::playbook_definition load_playbook_test_driver(
    std::shared_ptr<const lua::native_registry> natives);

}  // namespace tocsin::runner
