# cmake --install and cpack: bin/scmap, the library for other programs (headers, scmap.pc),
# scmap's own files under share/scmap, the man page, and a .deb.
include(GNUInstallDirs)

# src/cli/paths.c finds share/scmap from the binary's own folder, so a prefix that is copied
# or moved still works; the source folder is its last resort, for a build tree.
file(RELATIVE_PATH SCMAP_BIN_TO_DATA ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/scmap)
target_compile_definitions(scmap_cli PRIVATE SCMAP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             SCMAP_BIN_TO_DATA="${SCMAP_BIN_TO_DATA}")

# libscmap is installed both ways. The shared library is what `pkg-config --libs scmap` links:
# a program gets fixes without a rebuild and needs none of GDAL's, PROJ's or Cairo's flags.
# It exports the public scm_ API only (scmap.map hides scm__ internals). The static one is
# there for `pkg-config --static`. scmap itself links the static one, so the binary runs
# without libscmap.so beside it.
add_library(scmap_shared SHARED)
target_link_libraries(scmap_shared PRIVATE scmap_objects)
target_include_directories(scmap_shared INTERFACE ${PROJECT_SOURCE_DIR}/include)
set_target_properties(scmap_shared PROPERTIES OUTPUT_NAME scmap VERSION ${PROJECT_VERSION}
                      SOVERSION ${PROJECT_VERSION_MAJOR}
                      LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/scmap.map)
target_link_options(scmap_shared PRIVATE -Wl,--version-script=${CMAKE_CURRENT_LIST_DIR}/scmap.map)
# Every library it needs is named in it, so a program links it alone (the sanitizers' runtime
# is the executable's, so not there).
if(NOT CMAKE_C_FLAGS MATCHES "sanitize" AND NOT SCMAP_FUZZ)
  target_link_options(scmap_shared PRIVATE -Wl,--no-undefined)
endif()

install(TARGETS scmap_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS scmap_shared scmap
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/scmap DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# pkg-config: the prefix is found from the .pc file's own folder, so it moves with the prefix.
file(RELATIVE_PATH SCMAP_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" SCMAP_PC_TO_PREFIX "${SCMAP_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/scmap.pc.in ${CMAKE_CURRENT_BINARY_DIR}/scmap.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/scmap.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# share/scmap keeps the source tree's layout: the shipped styles name ../data/ and
# ../shapes/, and the viewer's files keep the paths cmd_viewer.c copies them from.
set(SCMAP_SHARE ${CMAKE_INSTALL_DATADIR}/scmap)
install(DIRECTORY styles data shapes DESTINATION ${SCMAP_SHARE})
install(DIRECTORY web/viewer DESTINATION ${SCMAP_SHARE}/web)
# From npm (web/package-lock.json): absent until `npm ci` in web/, and then scmap viewer says so.
set(M web/node_modules)
install(FILES ${M}/leaflet/dist/leaflet.js ${M}/leaflet/dist/leaflet.css ${M}/leaflet/LICENSE
        DESTINATION ${SCMAP_SHARE}/${M}/leaflet/dist OPTIONAL)
install(FILES ${M}/pmtiles/dist/pmtiles.js ${M}/pmtiles/package.json
        DESTINATION ${SCMAP_SHARE}/${M}/pmtiles/dist OPTIONAL)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page, from `scmap --help` and each command's --help, so it cannot drift.
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/scmap.1
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/manpage.sh $<TARGET_FILE:scmap_cli>
          ${CMAKE_CURRENT_BINARY_DIR}/scmap.1
  DEPENDS scmap_cli ${CMAKE_CURRENT_LIST_DIR}/manpage.sh VERBATIM)
add_custom_target(scmap_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/scmap.1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/scmap.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# cpack -G DEB: a .deb for /usr whose Depends come from dpkg-shlibdeps on what is linked.
set(CPACK_PACKAGE_NAME scmap)
set(CPACK_PACKAGE_VENDOR scmap)
set(CPACK_PACKAGE_CONTACT "scmap <scmap@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "county choropleth maps, tiles and timelines")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "scmap joins county polygons with per-county dates or counts and writes XYZ tiles, "
       "MBTiles, PMTiles, timeline frames, still maps and a web viewer. It ships the Secure "
       "Communities data and maps a user's own county table.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# Text on the maps is set in DejaVu Sans; ffmpeg only makes the MP4s.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ffmpeg")
include(CPack)
