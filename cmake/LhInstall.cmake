# `cmake --install` (LH_INSTALL, on for the top-level project), after LevelDB's
# LEVELDB_INSTALL block: the layer libraries and the CLI as the export set
# lunatic_harnessTargets (namespace lh::), the public headers under their repository paths,
# V8 (libnode108) in a private lib folder, the CLI's data, and lunatic_harnessConfig.cmake
# so that another project can find_package(lunatic_harness). Layout: the LH_INSTALL_*
# variables of the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

install(TARGETS lh_base lh_binary lh_engine lh_instrument lh_sim lh_host lh_scenario lh_report
                lunatic-harness
  EXPORT lunatic_harnessTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The process Binaryen runs in, next to the CLI, where lh_instrument looks for it first.
install(TARGETS lh_binaryen_worker RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# Headers keep their include paths ("harness/scenario/runner.h"). Not installed: tests, test
# support, fuzzers, benchmarks, the CLI's own headers and the engine's private V8 headers.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/harness/"
  DESTINATION "${LH_INSTALL_INCLUDEDIR}/harness"
  FILES_MATCHING PATTERN "*.h" PATTERN "*.def"
  PATTERN "tests" EXCLUDE PATTERN "testing" EXCLUDE PATTERN "fuzz" EXCLUDE
  PATTERN "bench" EXCLUDE PATTERN "cli" EXCLUDE PATTERN "*_internal.h" EXCLUDE)

# V8 is not a system package here (scripts/setup unpacks it), so it travels with the package.
install(FILES "${V8_ROOT}/lib/libnode.so.108" DESTINATION "${LH_INSTALL_PRIVATE_LIBDIR}")
install(DIRECTORY "${V8_ROOT}/include/" DESTINATION "${LH_INSTALL_INCLUDEDIR}/v8")

# The CLI's data root (harness/cli/data_root.h): <prefix>/share/lunatic-harness.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/spec/" DESTINATION "${LH_INSTALL_DATADIR}/spec")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/fixtures/" DESTINATION "${LH_INSTALL_DATADIR}/fixtures"
  PATTERN "CMakeLists.txt" EXCLUDE)
install(DIRECTORY "${LH_GUEST_DIR}/" DESTINATION "${LH_INSTALL_DATADIR}/guests"
  FILES_MATCHING PATTERN "*.wasm" PATTERN "CMakeFiles" EXCLUDE)

install(EXPORT lunatic_harnessTargets NAMESPACE lh:: DESTINATION "${LH_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/lunatic_harnessConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/lunatic_harnessConfig.cmake"
  INSTALL_DESTINATION "${LH_INSTALL_CMAKEDIR}"
  PATH_VARS LH_INSTALL_INCLUDEDIR LH_INSTALL_PRIVATE_LIBDIR LH_INSTALL_DATADIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/lunatic_harnessConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor version may break the API
install(FILES "${PROJECT_BINARY_DIR}/lunatic_harnessConfig.cmake"
              "${PROJECT_BINARY_DIR}/lunatic_harnessConfigVersion.cmake"
  DESTINATION "${LH_INSTALL_CMAKEDIR}")

# Tests of the installed package (ctest -L install): install into a prefix inside the build
# tree, then use it only from there -- a consumer project built with find_package, and the
# installed CLI finding its data without flags.
if(LH_BUILD_TESTS)
  set(lh_prefix "${PROJECT_BINARY_DIR}/install-test/prefix")
  set(lh_installed_data "${lh_prefix}/${LH_INSTALL_DATADIR}")
  set(lh_installed_scenario "${lh_installed_data}/fixtures/process-identity/hello-prints-ids.json")
  add_test(NAME install/InstallIntoAPrefixInTheBuildTree
    COMMAND "${CMAKE_COMMAND}" -DSTEP=install "-DBUILD_DIR=${PROJECT_BINARY_DIR}"
            "-DPREFIX=${lh_prefix}" "-DCONFIG=$<CONFIG>"
            -P "${PROJECT_SOURCE_DIR}/cmake/LhInstallTest.cmake")
  set_tests_properties(install/InstallIntoAPrefixInTheBuildTree PROPERTIES
    LABELS "install;slow" FIXTURES_SETUP lh_installed)

  # Under the sanitizers the installed static libraries need the sanitizer runtimes, which
  # the consumer's link line does not have; the consumer is only checked in plain builds.
  if(NOT LH_SANITIZE AND NOT LH_FUZZ)
    add_test(NAME install/ConsumerFindsThePackageAndRunsAScenario
      COMMAND "${CMAKE_COMMAND}" -DSTEP=consumer "-DPREFIX=${lh_prefix}"
              "-DSOURCE=${PROJECT_SOURCE_DIR}/examples/consumer"
              "-DBINARY=${PROJECT_BINARY_DIR}/install-test/consumer"
              "-DGENERATOR=${CMAKE_GENERATOR}" "-DCXX_COMPILER=${CMAKE_CXX_COMPILER}"
              "-DLAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}" "-DBUILD_TYPE=${CMAKE_BUILD_TYPE}"
              "-DSCENARIO=${lh_installed_scenario}" "-DEXPECT=PASS hello-prints-ids"
              -P "${PROJECT_SOURCE_DIR}/cmake/LhInstallTest.cmake")
    set_tests_properties(install/ConsumerFindsThePackageAndRunsAScenario PROPERTIES
      LABELS "install;slow" FIXTURES_REQUIRED lh_installed)
  endif()

  # The installed binary has no path into this tree: it finds guests, spec and fixtures
  # under <prefix>/share/lunatic-harness from its own location.
  set(lh_installed_cli "${lh_prefix}/${CMAKE_INSTALL_BINDIR}/lunatic-harness")
  add_test(NAME install/InstalledCliRunsAScenarioWithoutGuestsFlag
    COMMAND "${CMAKE_COMMAND}" "-DCOMMAND=${lh_installed_cli};run;${lh_installed_scenario}"
            -DEXPECT_EXIT=0 "-DEXPECT_REGEX=PASS hello-prints-ids"
            -P "${PROJECT_SOURCE_DIR}/cmake/LhExpectCommand.cmake")
  add_test(NAME install/InstalledCliDefaultsLieInsideThePrefix
    COMMAND "${CMAKE_COMMAND}" "-DCOMMAND=${lh_installed_cli};list;--help"
            -DEXPECT_EXIT=0
            "-DEXPECT_REGEX=--guests TEXT=${lh_installed_data}/guests;--spec TEXT=${lh_installed_data}/spec/host_functions.json"
            "-DREJECT_REGEX=${PROJECT_SOURCE_DIR}/(spec|fixtures)"
            -P "${PROJECT_SOURCE_DIR}/cmake/LhExpectCommand.cmake")
  set_tests_properties(install/InstalledCliRunsAScenarioWithoutGuestsFlag
                       install/InstalledCliDefaultsLieInsideThePrefix PROPERTIES
    LABELS "install;slow;cli" FIXTURES_REQUIRED lh_installed ENVIRONMENT "LUNATIC_HARNESS_DATA=")
endif()
