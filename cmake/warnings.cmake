# Warnings stay at zero with -Wall -Wextra; TOCSIN_WERROR makes CI hold that line.
function(tocsin_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(TOCSIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
