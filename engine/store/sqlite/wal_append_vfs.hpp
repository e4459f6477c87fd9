#pragma once
// A VFS over SQLite's default one that turns a commit's many WAL appends into a few writes.
//
// SQLite appends each page of a commit to the WAL with two writes (the 24-byte frame header, then
// the page); a webhook's commit dirties about 50 pages, and in a virtual machine each pwrite is a
// costly exit (4-10 us measured). This VFS keeps the appends of a WAL file in memory while they
// are contiguous and writes them in blocks of up to 124 KiB (about 30 pages) before anything
// could need them on disk: before the WAL is synced, read, truncated, sized, controlled or closed,
// before a write elsewhere in the file, and when a block is full.
//
// Only for connections with synchronous = FULL or EXTRA: there, a commit syncs the WAL before it
// publishes its frames in the shared-memory index, so no reader can look for frames still held
// here. With NORMAL or OFF a commit publishes frames without syncing, so those connections must
// use the default VFS. Database and shared-memory files pass straight through to the default VFS,
// which keeps locks and the shared index common with connections that use it.
//
// Thread-safety: registration is thread-safe; a WAL file belongs to one connection, which SQLite
// lets one thread use at a time.

#include <cstdint>

namespace tocsin::store::sqlite {

// Name of the VFS to pass to sqlite3_open_v2; registers it (not as the default) on first call.
const char* wal_append_vfs();

// Process-wide counts since start, for tests and measurements.
struct wal_append_counters {
    std::uint64_t appends = 0;  // WAL writes SQLite asked for through this VFS
    std::uint64_t writes = 0;   // writes made to the WAL file by it
};
wal_append_counters wal_append_totals();

}  // namespace tocsin::store::sqlite
