# Installing easel (issue 16): the binary, the knowledge base and example profiles under
# share/easel (found at run time beside bin/, src/cli/common.c), the manual page and the bash
# completion generated from the command table by the built binary, the systemd unit, the nginx
# example and the documentation; `cpack -G DEB` (release preset) makes the Debian package that
# scripts/package-test.sh installs and smoke-tests.
include(GNUInstallDirs)

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/easel.1
                   COMMAND easel man > ${CMAKE_BINARY_DIR}/easel.1
                   DEPENDS easel VERBATIM)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/easel.bash
                   COMMAND easel completion bash > ${CMAKE_BINARY_DIR}/easel.bash
                   DEPENDS easel VERBATIM)
add_custom_target(easel_manual ALL DEPENDS ${CMAKE_BINARY_DIR}/easel.1 ${CMAKE_BINARY_DIR}/easel.bash)

install(TARGETS easel RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/kb/ DESTINATION ${CMAKE_INSTALL_DATADIR}/easel/kb)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/easel/examples)
install(FILES ${CMAKE_BINARY_DIR}/easel.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/easel.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME easel)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/easel@.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/nginx-easel.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
file(GLOB EASEL_DOCS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${EASEL_DOCS} ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME easel)
set(CPACK_PACKAGE_VENDOR "easel")
set(CPACK_PACKAGE_CONTACT "easel maintainers <easel@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "practice software for art therapists: plans, records, documents")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # the libraries' packages, from dpkg-shlibdeps
# the pinned fonts the documents are drawn with (src/render/fonts.conf) are read, not linked
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-core, fonts-noto-cjk, adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/deploy/debian/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
