# Warnings stay at zero with -Wall -Wextra; TOCSIN_WERROR makes CI hold that line.
function(tocsin_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # GCC 12 reports a false -Wmismatched-new-delete when it inlines Boost.Asio's awaitable frames
  # at -O2: the frame's class-specific operator new and delete do match (fixed in GCC 13).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-mismatched-new-delete)
  endif()
  if(TOCSIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
