#include "engine/store/sqlite/comment_repo.hpp"

#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

std::optional<comment_row> find_comment(connection& db, std::int64_t incident_id,
                                        std::string_view name) {
    auto st = db.cached(sql::find_comment);
    st->bind_all(incident_id, name);
    if (!st->step())
        return std::nullopt;
    return read_comment(*st);
}

std::vector<comment_row> list_comments(connection& db, std::int64_t incident_id) {
    std::vector<comment_row> out;
    auto st = db.cached(sql::list_comments);
    st->bind_all(incident_id);
    while (st->step())
        out.push_back(read_comment(*st));
    return out;
}

std::int64_t insert_comment(connection& db, std::int64_t incident_id, const model::comment& c) {
    auto st = db.cached(sql::insert_comment);
    st->bind_all(incident_id, c.name, c.message, to_text(c.author.type), c.author.id, c.author.name,
                 c.author_email, c.created, c.last_modified, c.etag);
    st->run();
    return db.last_insert_rowid();
}

void update_comment(connection& db, std::int64_t comment_id, const model::comment& c) {
    auto st = db.cached(sql::update_comment);
    st->bind_all(c.message, c.last_modified, c.etag, comment_id);
    st->run();
}

void delete_comment(connection& db, std::int64_t comment_id) {
    auto st = db.cached(sql::delete_comment);
    st->bind_all(comment_id);
    st->run();
}

std::optional<task_row> find_task(connection& db, std::int64_t incident_id, std::string_view name) {
    auto st = db.cached(sql::find_task);
    st->bind_all(incident_id, name);
    if (!st->step())
        return std::nullopt;
    return read_task(*st);
}

std::vector<task_row> list_tasks(connection& db, std::int64_t incident_id) {
    std::vector<task_row> out;
    auto st = db.cached(sql::list_tasks);
    st->bind_all(incident_id);
    while (st->step())
        out.push_back(read_task(*st));
    return out;
}

std::int64_t insert_task(connection& db, std::int64_t incident_id, const model::task& t) {
    auto st = db.cached(sql::insert_task);
    st->bind_all(incident_id, t.name, t.title, t.description, model::to_string(t.status),
                 to_text(t.created_by.type), t.created_by.id, t.created_by.name,
                 to_text(t.last_modified_by.type), t.last_modified_by.id, t.last_modified_by.name,
                 t.created, t.last_modified, t.etag);
    st->run();
    return db.last_insert_rowid();
}

void update_task(connection& db, std::int64_t task_id, const model::task& t) {
    auto st = db.cached(sql::update_task);
    st->bind_all(t.title, t.description, model::to_string(t.status),
                 to_text(t.last_modified_by.type), t.last_modified_by.id, t.last_modified_by.name,
                 t.last_modified, t.etag, task_id);
    st->run();
}

void delete_task(connection& db, std::int64_t task_id) {
    auto st = db.cached(sql::delete_task);
    st->bind_all(task_id);
    st->run();
}

}  // namespace tocsin::store::sqlite
