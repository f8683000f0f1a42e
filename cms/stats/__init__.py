"""Library statistics: views of public pages and downloads of public files, counted privately
(no tracker, no personal data, known bots left out) with one insert per request, rolled up per day
by the periodic `aggregate_library_stats` command."""
