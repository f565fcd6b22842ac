SELECT commune, epci_name FROM audience.market_epci WHERE epci = ?;
