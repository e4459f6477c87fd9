// Incident comments and tasks over real HTTP.
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class child_routes : public api_test {
  protected:
    void SetUp() override {
        api_test::SetUp();
        put_incident("inc-c", {{"title", "Children"}, {"severity", "Medium"}});
    }
};

TEST_F(child_routes, comments_crud) {
    auto reply =
        put("incidents/inc-c/comments/comment-1", {{"properties", {{"message", "Some message"}}}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto created = reply.json();
    EXPECT_EQ(created["id"], prefix() + "/incidents/inc-c/comments/comment-1");
    EXPECT_EQ(created["name"], "comment-1");
    EXPECT_EQ(created["type"], "Microsoft.SecurityInsights/incidents/comments");
    EXPECT_EQ(created["properties"]["message"], "Some message");
    EXPECT_EQ(created["properties"]["author"]["name"], test_actor_name);
    EXPECT_TRUE(created["properties"].contains("createdTimeUtc"));
    EXPECT_EQ(reply.header("ETag"), created["etag"].get<std::string>());

    reply = put("incidents/inc-c/comments/comment-1", {{"properties", {{"message", "Edited"}}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["message"], "Edited");
    EXPECT_NE(reply.json()["etag"], created["etag"]);

    reply = get("incidents/inc-c/comments/comment-1");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["properties"]["message"], "Edited");
    reply = get("incidents/inc-c/comments");
    ASSERT_EQ(reply.status, 200);
    ASSERT_EQ(reply.json()["value"].size(), 1u);
    EXPECT_EQ(get("incidents/inc-c").json()["properties"]["additionalData"]["commentsCount"], 1);

    EXPECT_EQ(del("incidents/inc-c/comments/comment-1").status, 200);
    EXPECT_EQ(del("incidents/inc-c/comments/comment-1").status, 204);
    reply = get("incidents/inc-c/comments/comment-1");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Comment comment-1 of incident inc-c doesn't exist.");
}

TEST_F(child_routes, comment_errors) {
    auto reply = put("incidents/inc-c/comments/comment-2", {{"properties", json::object()}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.message");
    reply = put("incidents/inc-c/comments/comment-2", {{"properties", {{"message", 7}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.message");
    reply = put("incidents/inc-c/comments/c!", {{"properties", {{"message", "x"}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "incidentCommentId");
    reply = put("incidents/no-incident/comments/comment-2", {{"properties", {{"message", "x"}}}});
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Incident no-incident doesn't exist.");
    EXPECT_EQ(get("incidents/no-incident/comments").status, 404);
    EXPECT_EQ(get("incidents/no-incident/comments/comment-2").status, 404);

    ASSERT_EQ(
        put("incidents/inc-c/comments/comment-3", {{"properties", {{"message", "x"}}}}).status,
        201);
    reply = put("incidents/inc-c/comments/comment-3",
                {{"etag", "\"stale\""}, {"properties", {{"message", "y"}}}});
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(get("incidents/inc-c/comments/comment-3").json()["properties"]["message"], "x");
}

TEST_F(child_routes, tasks_crud) {
    auto reply =
        put("incidents/inc-c/tasks/task-1",
            {{"properties",
              {{"title", "Task title"}, {"description", "Task description"}, {"status", "New"}}}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto created = reply.json();
    EXPECT_EQ(created["id"], prefix() + "/incidents/inc-c/tasks/task-1");
    EXPECT_EQ(created["type"], "Microsoft.SecurityInsights/incidents/tasks");
    EXPECT_EQ(created["properties"]["title"], "Task title");
    EXPECT_EQ(created["properties"]["status"], "New");
    EXPECT_EQ(created["properties"]["createdBy"]["name"], test_actor_name);

    reply = put("incidents/inc-c/tasks/task-1",
                {{"etag", created["etag"]},
                 {"properties", {{"title", "Task title"}, {"status", "completed"}}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["status"], "Completed");
    EXPECT_EQ(reply.json()["properties"]["description"], "");

    reply = get("incidents/inc-c/tasks");
    ASSERT_EQ(reply.status, 200);
    ASSERT_EQ(reply.json()["value"].size(), 1u);
    EXPECT_EQ(reply.json()["value"][0]["properties"]["status"], "Completed");
    EXPECT_EQ(get("incidents/inc-c/tasks/task-1").status, 200);

    EXPECT_EQ(del("incidents/inc-c/tasks/task-1").status, 200);
    EXPECT_EQ(del("incidents/inc-c/tasks/task-1").status, 204);
    reply = get("incidents/inc-c/tasks/task-1");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Task task-1 of incident inc-c doesn't exist.");
}

TEST_F(child_routes, task_errors_and_api_versions_without_tasks) {
    auto reply = put("incidents/inc-c/tasks/task-2", {{"properties", {{"status", "New"}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.title");
    reply =
        put("incidents/inc-c/tasks/task-2", {{"properties", {{"title", "x"}, {"status", "Done"}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.status");
    EXPECT_EQ(error_message(reply),
              "'Done' is not a valid status; expected one of: New, Completed.");
    reply = put("incidents/no-incident/tasks/task-2", {{"properties", {{"title", "x"}}}});
    EXPECT_EQ(reply.status, 404);

    for (const auto* version : {"2022-07-01-preview", "2022-09-01-preview", "2023-02-01"}) {
        reply = client().get(arm("incidents/inc-c/tasks", {}, version));
        EXPECT_EQ(reply.status, 400) << version;
        EXPECT_EQ(error_code(reply), "NoRegisteredProviderFound");
        EXPECT_NE(error_message(reply).find(std::string("API version '") + version + "'"),
                  std::string::npos)
            << reply.body;
        reply = client().send_json("PUT", arm("incidents/inc-c/tasks/task-3", {}, version),
                                   {{"properties", {{"title", "x"}}}});
        EXPECT_EQ(reply.status, 400);
    }
    EXPECT_EQ(get("incidents/inc-c/tasks/task-3").status, 404);
}

}  // namespace
}  // namespace tocsin::test
