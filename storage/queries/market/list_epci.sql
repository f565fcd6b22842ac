SELECT epci, any_value(epci_name) AS name, count(*) AS communes FROM audience.market_epci
GROUP BY epci ORDER BY name;
