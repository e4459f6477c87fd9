-- (3c) List the newest 50 incidents (Sentinel's Incidents_List with $top).
dofile("bench/wrk/common.lua")
dofile("bench/wrk/incidents.lua")
wrk.method = "GET"
wrk.path = incidents_base .. "?" .. api_version .. "&$top=50&$orderby=properties/createdTimeUtc%20desc"
