#include "engine/store/sqlite/wal_append_vfs.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>

#include <sqlite3.h>

#include "engine/error.hpp"

namespace tocsin::store::sqlite {
namespace {

constexpr const char* vfs_name = "tocsin-wal-append";
// The default VFS writes at most 0x1ffff bytes per call (larger writes fail as "disk full"), so
// a block stays under 128 KiB: about 30 pages of 4 KiB, and a larger commit takes several.
constexpr sqlite3_int64 block_cap = 124 << 10;

std::atomic<std::uint64_t> appends_total{0};
std::atomic<std::uint64_t> writes_total{0};

sqlite3_vfs* default_vfs(sqlite3_vfs* self) {
    return static_cast<sqlite3_vfs*>(self->pAppData);
}

// A WAL file: this header, then the default VFS's file object in the same allocation.
struct wal_file {
    sqlite3_file base;  // first: SQLite sees a wal_file as a sqlite3_file
    sqlite3_file* real;
    unsigned char* block;  // pending appends, [block_start, block_start + block_size) of the file
    sqlite3_int64 block_start;
    sqlite3_int64 block_size;
    sqlite3_int64 block_capacity;
};

constexpr std::size_t header_size = (sizeof(wal_file) + 15) & ~std::size_t{15};

wal_file& as_wal(sqlite3_file* file) {
    return *reinterpret_cast<wal_file*>(file);
}

const sqlite3_io_methods& real_methods(const wal_file& wal) {
    return *wal.real->pMethods;
}

// Writes the pending appends. A failed write is dropped, as SQLite's own write would be: SQLite
// gets the error and rolls back, and no later flush may put the old frames in the file.
int flush(wal_file& wal) {
    if (wal.block_size == 0)
        return SQLITE_OK;
    writes_total.fetch_add(1, std::memory_order_relaxed);
    const int rc = real_methods(wal).xWrite(wal.real, wal.block, static_cast<int>(wal.block_size),
                                            wal.block_start);
    wal.block_size = 0;
    return rc;
}

bool reserve(wal_file& wal, sqlite3_int64 size) {
    if (size <= wal.block_capacity)
        return true;
    if (size > block_cap)
        return false;
    const sqlite3_int64 capacity = std::min(std::max(size, wal.block_capacity * 2), block_cap);
    auto* grown = static_cast<unsigned char*>(sqlite3_realloc64(wal.block, capacity));
    if (grown == nullptr)
        return false;
    wal.block = grown;
    wal.block_capacity = capacity;
    return true;
}

int wal_close(sqlite3_file* file) {
    auto& wal = as_wal(file);
    const int flushed = flush(wal);
    const int closed = real_methods(wal).xClose(wal.real);
    sqlite3_free(wal.block);
    wal.block = nullptr;
    return flushed != SQLITE_OK ? flushed : closed;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    auto& wal = as_wal(file);
    if (wal.block_size > 0 && offset + amount > wal.block_start) {
        if (const int rc = flush(wal); rc != SQLITE_OK)
            return rc;
    }
    return real_methods(wal).xRead(wal.real, out, amount, offset);
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    auto& wal = as_wal(file);
    appends_total.fetch_add(1, std::memory_order_relaxed);
    const bool appends = wal.block_size > 0 && offset == wal.block_start + wal.block_size;
    if (!appends || wal.block_size + amount > block_cap) {
        if (const int rc = flush(wal); rc != SQLITE_OK)
            return rc;
        wal.block_start = offset;
    }
    if (!reserve(wal, wal.block_size + amount)) {
        // Larger than a block, or no memory for one: written through, after what is pending.
        if (const int rc = flush(wal); rc != SQLITE_OK)
            return rc;
        writes_total.fetch_add(1, std::memory_order_relaxed);
        return real_methods(wal).xWrite(wal.real, data, amount, offset);
    }
    std::memcpy(wal.block + wal.block_size, data, static_cast<std::size_t>(amount));
    wal.block_size += amount;
    return SQLITE_OK;
}

// Writes what is pending, then hands the call to the default VFS's file.
template <typename Call>
int flushed_then(sqlite3_file* file, Call call) {
    auto& wal = as_wal(file);
    if (const int rc = flush(wal); rc != SQLITE_OK)
        return rc;
    return call(*wal.real);
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
    return flushed_then(file,
                        [&](sqlite3_file& real) { return real.pMethods->xTruncate(&real, size); });
}

int wal_sync(sqlite3_file* file, int flags) {
    return flushed_then(file,
                        [&](sqlite3_file& real) { return real.pMethods->xSync(&real, flags); });
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
    return flushed_then(file,
                        [&](sqlite3_file& real) { return real.pMethods->xFileSize(&real, size); });
}

int wal_lock(sqlite3_file* file, int level) {
    auto& wal = as_wal(file);
    return real_methods(wal).xLock(wal.real, level);
}

int wal_unlock(sqlite3_file* file, int level) {
    auto& wal = as_wal(file);
    return real_methods(wal).xUnlock(wal.real, level);
}

int wal_check_reserved_lock(sqlite3_file* file, int* out) {
    auto& wal = as_wal(file);
    return real_methods(wal).xCheckReservedLock(wal.real, out);
}

int wal_file_control(sqlite3_file* file, int op, void* arg) {
    return flushed_then(
        file, [&](sqlite3_file& real) { return real.pMethods->xFileControl(&real, op, arg); });
}

int wal_sector_size(sqlite3_file* file) {
    auto& wal = as_wal(file);
    return real_methods(wal).xSectorSize(wal.real);
}

int wal_device_characteristics(sqlite3_file* file) {
    auto& wal = as_wal(file);
    return real_methods(wal).xDeviceCharacteristics(wal.real);
}

// SQLite maps shared memory through the database file, never the WAL; these only forward.
int wal_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
    auto& wal = as_wal(file);
    return real_methods(wal).xShmMap(wal.real, region, size, extend, out);
}

int wal_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    auto& wal = as_wal(file);
    return real_methods(wal).xShmLock(wal.real, offset, n, flags);
}

void wal_shm_barrier(sqlite3_file* file) {
    auto& wal = as_wal(file);
    real_methods(wal).xShmBarrier(wal.real);
}

int wal_shm_unmap(sqlite3_file* file, int delete_flag) {
    auto& wal = as_wal(file);
    return real_methods(wal).xShmUnmap(wal.real, delete_flag);
}

// Version 2: SQLite never memory-maps a WAL file, so xFetch/xUnfetch are not offered.
constexpr sqlite3_io_methods wal_methods = {
    2,
    &wal_close,
    &wal_read,
    &wal_write,
    &wal_truncate,
    &wal_sync,
    &wal_file_size,
    &wal_lock,
    &wal_unlock,
    &wal_check_reserved_lock,
    &wal_file_control,
    &wal_sector_size,
    &wal_device_characteristics,
    &wal_shm_map,
    &wal_shm_lock,
    &wal_shm_barrier,
    &wal_shm_unmap,
    nullptr,
    nullptr,
};

int open_file(sqlite3_vfs* self, sqlite3_filename name, sqlite3_file* file, int flags,
              int* out_flags) {
    sqlite3_vfs* real_vfs = default_vfs(self);
    // Everything but the WAL is the default VFS's own file, with its own methods.
    if ((flags & SQLITE_OPEN_WAL) == 0)
        return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);

    auto* wal = new (file) wal_file{};
    wal->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + header_size);
    std::memset(wal->real, 0, static_cast<std::size_t>(real_vfs->szOsFile));
    const int rc = real_vfs->xOpen(real_vfs, name, wal->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (wal->real->pMethods != nullptr)
            wal->real->pMethods->xClose(wal->real);
        wal->base.pMethods = nullptr;  // SQLite calls no method of a file that failed to open
        return rc;
    }
    if (wal->real->pMethods->iVersion < 2) {
        wal->real->pMethods->xClose(wal->real);
        wal->base.pMethods = nullptr;
        return SQLITE_CANTOPEN;
    }
    wal->base.pMethods = &wal_methods;
    return SQLITE_OK;
}

// The rest of the VFS is the default one's, called with the default VFS as `self`.
int delete_file(sqlite3_vfs* self, const char* name, int sync_dir) {
    return default_vfs(self)->xDelete(default_vfs(self), name, sync_dir);
}

int access(sqlite3_vfs* self, const char* name, int flags, int* out) {
    return default_vfs(self)->xAccess(default_vfs(self), name, flags, out);
}

int full_pathname(sqlite3_vfs* self, const char* name, int size, char* out) {
    return default_vfs(self)->xFullPathname(default_vfs(self), name, size, out);
}

void* dl_open(sqlite3_vfs* self, const char* name) {
    return default_vfs(self)->xDlOpen(default_vfs(self), name);
}

void dl_error(sqlite3_vfs* self, int size, char* out) {
    default_vfs(self)->xDlError(default_vfs(self), size, out);
}

void (*dl_sym(sqlite3_vfs* self, void* handle, const char* symbol))() {
    return default_vfs(self)->xDlSym(default_vfs(self), handle, symbol);
}

void dl_close(sqlite3_vfs* self, void* handle) {
    default_vfs(self)->xDlClose(default_vfs(self), handle);
}

int randomness(sqlite3_vfs* self, int size, char* out) {
    return default_vfs(self)->xRandomness(default_vfs(self), size, out);
}

int sleep_for(sqlite3_vfs* self, int microseconds) {
    return default_vfs(self)->xSleep(default_vfs(self), microseconds);
}

int current_time(sqlite3_vfs* self, double* out) {
    return default_vfs(self)->xCurrentTime(default_vfs(self), out);
}

int last_error(sqlite3_vfs* self, int size, char* out) {
    return default_vfs(self)->xGetLastError(default_vfs(self), size, out);
}

int current_time_ms(sqlite3_vfs* self, sqlite3_int64* out) {
    sqlite3_vfs* real = default_vfs(self);
    if (real->iVersion >= 2 && real->xCurrentTimeInt64 != nullptr)
        return real->xCurrentTimeInt64(real, out);
    double days = 0;
    const int rc = real->xCurrentTime(real, &days);
    *out = static_cast<sqlite3_int64>(days * 86400000.0);
    return rc;
}

sqlite3_vfs* register_vfs() {
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    if (real == nullptr)
        throw error(errc::storage, "SQLite has no default VFS");
    // Version 2: the system-call overrides of version 3 stay the default VFS's own.
    static sqlite3_vfs vfs{2,
                           static_cast<int>(header_size) + real->szOsFile,
                           real->mxPathname,
                           nullptr,
                           vfs_name,
                           real,
                           &open_file,
                           &delete_file,
                           &access,
                           &full_pathname,
                           &dl_open,
                           &dl_error,
                           &dl_sym,
                           &dl_close,
                           &randomness,
                           &sleep_for,
                           &current_time,
                           &last_error,
                           &current_time_ms,
                           nullptr,
                           nullptr,
                           nullptr};
    if (const int rc = sqlite3_vfs_register(&vfs, 0); rc != SQLITE_OK)
        throw error(errc::storage,
                    std::string("Cannot register the SQLite VFS: ") + sqlite3_errstr(rc));
    return &vfs;
}

}  // namespace

const char* wal_append_vfs() {
    static sqlite3_vfs* registered = register_vfs();
    return registered->zName;
}

wal_append_counters wal_append_totals() {
    return {appends_total.load(std::memory_order_relaxed),
            writes_total.load(std::memory_order_relaxed)};
}

}  // namespace tocsin::store::sqlite
