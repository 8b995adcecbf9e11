# The demo's animation as a data journalist would make it in R: sf + ggplot2 for the 18
# quarterly frames (PNG, 1920x1080), gganimate for the GIF (1280x720, scmap's GIF size).
# Same shapes (Census 1:5m), same activation dates, same classes and colours as
# styles/activation.json; Alaska, Hawaii and Puerto Rico moved beside the lower 48 as insets.
# Usage: Rscript bench/frames.R frames|gif OUT_DIR      (run from the repository root)
suppressPackageStartupMessages({
  library(sf)
  library(ggplot2)
})
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
out <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)

counties <- st_read("shapes/us_counties_5m_2018.shp", quiet = TRUE)
counties <- counties[counties$STATEFP <= "56" | counties$STATEFP == "72", ] # as scmap draws
act <- read.csv("data/scomm_activation_county_v2010.csv", colClasses = c(fips = "character"))
counties$date <- as.Date(act$activation_date[match(counties$GEOID, act$fips)])
counties$q <- as.integer(format(counties$date, "%Y")) * 4 +
  (as.integer(format(counties$date, "%m")) - 1) %/% 3

# Lower 48 in Albers (EPSG:5070); the others in their own projections, scaled and moved
# below it (the usual shift_geometry recipe).
albers <- st_crs(5070)
inset <- function(x, crs, scale, at) {
  g <- st_geometry(st_transform(x, crs))
  c0 <- st_centroid(st_union(g))
  st_geometry(x) <- st_sfc((g - c0) * scale + at, crs = albers)
  x
}
ak <- counties$STATEFP == "02"
hi <- counties$STATEFP == "15"
pr <- counties$STATEFP == "72"
counties <- rbind(
  st_transform(counties[!(ak | hi | pr), ], albers),
  inset(counties[ak, ], 3338, 0.35, c(-1800000, 250000)),
  inset(counties[hi, ], "ESRI:102007", 1, c(-1000000, 400000)),
  inset(counties[pr, ], "EPSG:32161", 1.5, c(1900000, 300000))
)

cols <- c(new = "#e6550d", active = "#fdae6b", not_yet = "#b3b3b3", no_data = "#737373")
labels <- c(new = "Activated this quarter", active = "Active", not_yet = "Not yet activated",
            no_data = "No data")
quarters <- (2008 * 4 + 3):(2013 * 4 + 0) # 2008 Q4 .. 2013 Q1: 18 quarters
qname <- function(q) sprintf("%d Q%d", q %/% 4, q %% 4 + 1)
classify <- function(q) {
  factor(ifelse(is.na(counties$q), "no_data",
                ifelse(counties$q == q, "new", ifelse(counties$q < q, "active", "not_yet"))),
         levels = names(cols))
}
base <- function(p) {
  p + geom_sf(colour = "white", linewidth = 0.1) +
    scale_fill_manual(values = cols, labels = labels, drop = FALSE, name = NULL) +
    theme_void(base_size = 18) +
    theme(plot.background = element_rect(fill = "white", colour = NA),
          plot.margin = margin(20, 20, 20, 20))
}
title <- "Secure Communities, county by county"
subtitle <- "Counties where everyone fingerprinted at arrest was checked against immigration databases"
source <- paste("Source: ICE Secure Communities activation dates (Alsan & Yang 2018,",
                "Asad & Baer-Bositis 2025); US Census Bureau 2018 county boundaries")

if (mode == "frames") {
  for (i in seq_along(quarters)) {
    counties$class <- classify(quarters[i])
    p <- base(ggplot(counties, aes(fill = class))) +
      labs(title = title, subtitle = paste0(subtitle, " - ", qname(quarters[i])),
           caption = source)
    ggsave(sprintf("%s/%04d.png", out, i - 1), p, width = 19.2, height = 10.8, dpi = 100)
  }
} else {
  library(gganimate)
  long <- do.call(rbind, lapply(quarters, function(q) {
    x <- counties
    x$class <- classify(q)
    x$quarter <- factor(qname(q), levels = qname(quarters))
    x
  }))
  p <- base(ggplot(long, aes(fill = class))) +
    labs(title = title, subtitle = paste0(subtitle, " - {current_frame}"), caption = source) +
    transition_manual(quarter)
  a <- animate(p, nframes = length(quarters), fps = 1, width = 1280, height = 720,
               res = 67, renderer = magick_renderer())
  anim_save(file.path(out, "activation.gif"), a)
}
