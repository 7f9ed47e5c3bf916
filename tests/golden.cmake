# Runs `easel plan PROFILE --format FORMAT` and compares stdout byte for byte with GOLDEN.
# Usage: cmake -DEASEL=... -DPROFILE=... -DFORMAT=... -DGOLDEN=... -P golden.cmake
execute_process(COMMAND ${EASEL} plan ${PROFILE} --format ${FORMAT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "easel plan exited ${rc}: ${err}")
endif()
file(READ ${GOLDEN} want)
if(NOT out STREQUAL want)
  get_filename_component(name ${GOLDEN} NAME)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/golden-actual-${name} "${out}")
  message(FATAL_ERROR "output differs from ${GOLDEN}; actual output written to "
                      "${CMAKE_CURRENT_BINARY_DIR}/golden-actual-${name} "
                      "(tests/update-golden.sh regenerates after a reviewed change)")
endif()
