// Conformance: comments and tasks.

#include "engine/core/uuid.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

model::comment comment_on(std::string incident, std::string message, std::string name = {}) {
    model::comment c;
    c.incident_name = std::move(incident);
    c.message = std::move(message);
    c.name = std::move(name);
    return c;
}

model::task task_on(std::string incident, std::string title, std::string name = {}) {
    model::task t;
    t.incident_name = std::move(incident);
    t.title = std::move(title);
    t.name = std::move(name);
    return t;
}

TEST_P(child_conformance, comments_are_created_replaced_and_deleted) {
    create("Parent", "inc-c");
    clear_events();
    auto added = s().put_comment(ws(), comment_on("inc-c", "First look"), as_user("Ada"));
    EXPECT_TRUE(added.created);
    EXPECT_TRUE(is_uuid(added.value.name));
    EXPECT_EQ(added.value.author.name, "Ada");
    EXPECT_EQ(added.value.created, clock_.now());
    EXPECT_THAT(event_types(), ElementsAre(event_type::comment_added));
    EXPECT_EQ(events()[0]->incident->summary.comments_count, 1);

    clock_.advance(std::chrono::minutes(2));
    const auto name = added.value.name;
    auto edited =
        s().put_comment(ws(), comment_on("inc-c", "Second look", name), if_match(added.value.etag));
    EXPECT_FALSE(edited.created);
    EXPECT_EQ(edited.value.message, "Second look");
    EXPECT_EQ(edited.value.created, added.value.created);
    EXPECT_EQ(edited.value.last_modified, clock_.now());
    EXPECT_EQ(edited.value.author.name, "Ada");
    EXPECT_NE(edited.value.etag, added.value.etag);
    EXPECT_EQ(event_types().size(), 1u);  // comment_added is for new comments only

    expect_error(
        [&] {
            s().put_comment(ws(), comment_on("inc-c", "Third", name), if_match(added.value.etag));
        },
        errc::conflict, "Newer version of resource " + name + " exists. Data was not saved");

    auto found = s().find_comment(ws(), "inc-c", name);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->message, "Second look");
    EXPECT_EQ(found->incident_name, "inc-c");
    EXPECT_EQ(s().list_comments(ws(), "inc-c").size(), 1u);

    EXPECT_TRUE(s().delete_comment(ws(), "inc-c", name, as_user()));
    EXPECT_FALSE(s().delete_comment(ws(), "inc-c", name, as_user()));
    EXPECT_FALSE(s().find_comment(ws(), "inc-c", name));
    EXPECT_THAT(s().list_comments(ws(), "inc-c"), IsEmpty());

    std::vector<std::string> actions;
    for (const auto& e : s().activity_of_incident(ws(), "inc-c"))
        actions.push_back(e.action);
    EXPECT_THAT(actions, ElementsAre("incident.created", "comment.added", "comment.updated",
                                     "comment.deleted"));
    auto log = s().activity_of_incident(ws(), "inc-c");
    EXPECT_EQ(log[2].changes[0].before, "First look");
    EXPECT_EQ(log[2].changes[0].after, "Second look");
    EXPECT_EQ(log[2].detail["commentName"], name);
}

TEST_P(child_conformance, children_of_a_missing_incident_are_not_found) {
    expect_error([&] { s().put_comment(ws(), comment_on("inc-gone", "hello"), as_user()); },
                 errc::not_found, "Incident inc-gone doesn't exist.");
    expect_error([&] { s().put_task(ws(), task_on("inc-gone", "do"), as_user()); }, errc::not_found,
                 "Incident inc-gone doesn't exist.");
    expect_error([&] { s().delete_comment(ws(), "inc-gone", "c-1-x", as_user()); }, errc::not_found,
                 "Incident inc-gone doesn't exist.");
    expect_error([&] { s().delete_task(ws(), "inc-gone", "t-1-x", as_user()); }, errc::not_found,
                 "Incident inc-gone doesn't exist.");
    EXPECT_FALSE(s().find_comment(ws(), "inc-gone", "c-1-x"));
    EXPECT_FALSE(s().find_task(ws(), "inc-gone", "t-1-x"));
}

TEST_P(child_conformance, tasks_record_who_changed_them) {
    create("Parent", "inc-t");
    clear_events();
    auto added = s().put_task(ws(), task_on("inc-t", "Reset password", "task-1"), as_user("Ada"));
    EXPECT_TRUE(added.created);
    EXPECT_EQ(added.value.created_by.name, "Ada");
    EXPECT_EQ(added.value.last_modified_by.name, "Ada");
    EXPECT_EQ(added.value.status, model::task_status::new_);
    EXPECT_THAT(event_types(), ElementsAre(event_type::task_added));

    clock_.advance(std::chrono::minutes(5));
    auto done = task_on("inc-t", "Reset password", "task-1");
    done.status = model::task_status::completed;
    auto updated = s().put_task(ws(), done, as_user("Grace"));
    EXPECT_FALSE(updated.created);
    EXPECT_EQ(updated.value.status, model::task_status::completed);
    EXPECT_EQ(updated.value.created_by.name, "Ada");
    EXPECT_EQ(updated.value.last_modified_by.name, "Grace");
    EXPECT_EQ(updated.value.last_modified, clock_.now());
    EXPECT_NE(updated.value.etag, added.value.etag);

    // Unchanged: no write, same etag.
    auto same = s().put_task(ws(), done, as_user("Grace"));
    EXPECT_EQ(same.value.etag, updated.value.etag);

    auto log = s().activity_of_incident(ws(), "inc-t");
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[1].action, "task.added");
    EXPECT_EQ(log[2].action, "task.updated");
    EXPECT_EQ(log[2].actor.name, "Grace");
    ASSERT_EQ(log[2].changes.size(), 1u);
    EXPECT_EQ(log[2].changes[0].field, "status");
    EXPECT_EQ(log[2].changes[0].before, "New");
    EXPECT_EQ(log[2].changes[0].after, "Completed");

    EXPECT_EQ(s().list_tasks(ws(), "inc-t").size(), 1u);
    EXPECT_EQ(s().find_task(ws(), "inc-t", "TASK-1")->title, "Reset password");
    expect_error([&] { s().delete_task(ws(), "inc-t", "task-1", if_match("old")); }, errc::conflict,
                 "Newer version of resource task-1 exists. Data was not saved");
    EXPECT_TRUE(s().delete_task(ws(), "inc-t", "task-1", as_user()));
    EXPECT_FALSE(s().delete_task(ws(), "inc-t", "task-1", as_user()));
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-t").back().action, "task.deleted");
    EXPECT_EQ(s().find_incident(ws(), "inc-t")->summary.tasks_count, 0);
}

}  // namespace
}  // namespace tocsin::test
