# Every dependency comes from a Debian package; scripts/install-deps.sh names them.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS program_options)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LUA REQUIRED IMPORTED_TARGET lua5.4)
# jemalloc (libjemalloc-dev), the server's allocator: glibc's malloc spent ~15 % of the server's
# CPU under load in its bin bookkeeping (malloc_consolidate, unlink_chunk); see
# docs/performance.md. Only the tocsin executable links it.
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
# libcsv (libcsv-dev; no pkg-config file): RFC 4180 reading of watchlist content.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(csv::csv UNKNOWN IMPORTED)
set_target_properties(csv::csv PROPERTIES IMPORTED_LOCATION "${CSV_LIBRARY}"
                                          INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")
