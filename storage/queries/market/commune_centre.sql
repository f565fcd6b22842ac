SELECT lat, lon FROM audience.market_commune_centres WHERE commune = ?;
