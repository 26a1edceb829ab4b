"""Real concert venues in real cities, for the offline demo source.

Coordinates are the venues' own (to about 100 m); time zones are IANA names.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoVenue(NamedTuple):
    name: str
    lat: float
    lon: float
    capacity: int  # rough size: small clubs get club nights, arenas get headliners


class DemoCity(NamedTuple):
    city: str
    country: str  # ISO 3166-1 alpha-2
    timezone: str
    venues: tuple[DemoVenue, ...]


V = DemoVenue
CITIES: tuple[DemoCity, ...] = (
    DemoCity("London", "GB", "Europe/London", (V("O2 Academy Brixton", 51.4651, -0.1149, 4900), V("Royal Albert Hall", 51.5009, -0.1774, 5200), V("The O2", 51.5030, 0.0032, 20000), V("Roundhouse", 51.5432, -0.1519, 3300))),
    DemoCity("Manchester", "GB", "Europe/London", (V("AO Arena", 53.4880, -2.2440, 21000), V("Albert Hall", 53.4775, -2.2487, 2000), V("O2 Ritz", 53.4746, -2.2416, 1500))),
    DemoCity("Glasgow", "GB", "Europe/London", (V("Barrowland Ballroom", 55.8553, -4.2366, 1900), V("OVO Hydro", 55.8603, -4.2856, 14300))),
    DemoCity("Dublin", "IE", "Europe/Dublin", (V("3Arena", 53.3475, -6.2286, 13000), V("Vicar Street", 53.3430, -6.2785, 1500), V("Olympia Theatre", 53.3443, -6.2660, 1600))),
    DemoCity("Paris", "FR", "Europe/Paris", (V("L'Olympia", 48.8700, 2.3283, 2000), V("Accor Arena", 48.8386, 2.3786, 20300), V("Le Bataclan", 48.8631, 2.3708, 1500), V("La Cigale", 48.8823, 2.3402, 1400))),
    DemoCity("Brussels", "BE", "Europe/Brussels", (V("Ancienne Belgique", 50.8480, 4.3485, 2000), V("Forest National", 50.8103, 4.3256, 8400))),
    DemoCity("Amsterdam", "NL", "Europe/Amsterdam", (V("Paradiso", 52.3622, 4.8838, 1500), V("Melkweg", 52.3648, 4.8812, 1500), V("Ziggo Dome", 52.3134, 4.9373, 17000))),
    DemoCity("Berlin", "DE", "Europe/Berlin", (V("Berghain", 52.5111, 13.4430, 1500), V("Uber Arena", 52.5053, 13.4436, 17000), V("Columbiahalle", 52.4862, 13.3925, 3500), V("SO36", 52.5006, 13.4225, 800))),
    DemoCity("Hamburg", "DE", "Europe/Berlin", (V("Elbphilharmonie", 53.5413, 9.9841, 2100), V("Große Freiheit 36", 53.5510, 9.9570, 1500))),
    DemoCity("Munich", "DE", "Europe/Berlin", (V("Olympiahalle", 48.1747, 11.5500, 15500), V("Muffathalle", 48.1330, 11.5880, 1400))),
    DemoCity("Cologne", "DE", "Europe/Berlin", (V("Lanxess Arena", 50.9384, 6.9830, 20000), V("Palladium", 50.9660, 7.0160, 4000))),
    DemoCity("Copenhagen", "DK", "Europe/Copenhagen", (V("VEGA", 55.6683, 12.5456, 1550), V("Royal Arena", 55.6255, 12.5736, 16000))),
    DemoCity("Stockholm", "SE", "Europe/Stockholm", (V("Avicii Arena", 59.2936, 18.0834, 16000), V("Berns", 59.3325, 18.0735, 900))),
    DemoCity("Oslo", "NO", "Europe/Oslo", (V("Rockefeller Music Hall", 59.9160, 10.7507, 1350), V("Oslo Spektrum", 59.9129, 10.7546, 11000))),
    DemoCity("Helsinki", "FI", "Europe/Helsinki", (V("Tavastia", 60.1685, 24.9314, 900), V("Helsinki Ice Hall", 60.1880, 24.9230, 8200))),
    DemoCity("Vienna", "AT", "Europe/Vienna", (V("Wiener Stadthalle", 48.2020, 16.3334, 16000), V("Arena Wien", 48.1883, 16.3790, 3000))),
    DemoCity("Prague", "CZ", "Europe/Prague", (V("O2 Arena", 50.1047, 14.4933, 18000), V("Lucerna Music Bar", 50.0816, 14.4258, 800))),
    DemoCity("Budapest", "HU", "Europe/Budapest", (V("Akvárium Klub", 47.4981, 19.0533, 1300), V("Papp László Budapest Sportaréna", 47.5028, 19.1030, 12500))),
    DemoCity("Warsaw", "PL", "Europe/Warsaw", (V("COS Torwar", 52.2240, 21.0420, 7000), V("Progresja", 52.2354, 20.9366, 3000))),
    DemoCity("Zurich", "CH", "Europe/Zurich", (V("Hallenstadion", 47.4116, 8.5517, 15000), V("Rote Fabrik", 47.3438, 8.5360, 1000))),
    DemoCity("Milan", "IT", "Europe/Rome", (V("Alcatraz", 45.4940, 9.1880, 3000), V("Unipol Forum", 45.4079, 9.1537, 12700))),
    DemoCity("Rome", "IT", "Europe/Rome", (V("Auditorium Parco della Musica", 41.9290, 12.4745, 2800), V("Palazzo dello Sport", 41.8260, 12.4660, 11000))),
    DemoCity("Barcelona", "ES", "Europe/Madrid", (V("Razzmatazz", 41.3977, 2.1913, 3000), V("Palau Sant Jordi", 41.3634, 2.1527, 17000), V("Sala Apolo", 41.3745, 2.1693, 1600))),
    DemoCity("Madrid", "ES", "Europe/Madrid", (V("WiZink Center", 40.4240, -3.6717, 17000), V("La Riviera", 40.4131, -3.7222, 2500))),
    DemoCity("Lisbon", "PT", "Europe/Lisbon", (V("Coliseu dos Recreios", 38.7154, -9.1402, 4000), V("MEO Arena", 38.7685, -9.0940, 20000))),
    DemoCity("New York", "US", "America/New_York", (V("Madison Square Garden", 40.7505, -73.9934, 20000), V("Brooklyn Steel", 40.7190, -73.9388, 1800), V("Terminal 5", 40.7697, -73.9925, 3000), V("Bowery Ballroom", 40.7204, -73.9936, 575))),
    DemoCity("Boston", "US", "America/New_York", (V("TD Garden", 42.3662, -71.0621, 19600), V("House of Blues Boston", 42.3471, -71.0955, 2400))),
    DemoCity("Philadelphia", "US", "America/New_York", (V("Union Transfer", 39.9613, -75.1551, 1200), V("Wells Fargo Center", 39.9012, -75.1720, 20000))),
    DemoCity("Washington", "US", "America/New_York", (V("9:30 Club", 38.9180, -77.0236, 1200), V("Capital One Arena", 38.8981, -77.0209, 20000))),
    DemoCity("Atlanta", "US", "America/New_York", (V("The Tabernacle", 33.7587, -84.3915, 2600), V("State Farm Arena", 33.7573, -84.3963, 21000))),
    DemoCity("Miami", "US", "America/New_York", (V("Kaseya Center", 25.7814, -80.1870, 19600), V("Club Space", 25.7847, -80.1934, 1500))),
    DemoCity("Chicago", "US", "America/Chicago", (V("Metro", 41.9498, -87.6588, 1100), V("United Center", 41.8807, -87.6742, 23500), V("Thalia Hall", 41.8577, -87.6575, 800))),
    DemoCity("Nashville", "US", "America/Chicago", (V("Ryman Auditorium", 36.1612, -86.7785, 2360), V("Bridgestone Arena", 36.1592, -86.7786, 19000))),
    DemoCity("Austin", "US", "America/Chicago", (V("Stubb's Waller Creek Amphitheater", 30.2685, -97.7363, 2200), V("Moody Center", 30.2830, -97.7320, 15000))),
    DemoCity("New Orleans", "US", "America/Chicago", (V("Tipitina's", 29.9176, -90.1070, 1000), V("Smoothie King Center", 29.9490, -90.0821, 17000))),
    DemoCity("Denver", "US", "America/Denver", (V("Red Rocks Amphitheatre", 39.6654, -105.2057, 9500), V("Ogden Theatre", 39.7405, -104.9727, 1600))),
    DemoCity("Los Angeles", "US", "America/Los_Angeles", (V("Hollywood Bowl", 34.1122, -118.3391, 17500), V("The Wiltern", 34.0617, -118.3085, 1850), V("Crypto.com Arena", 34.0430, -118.2673, 19000), V("The Troubadour", 34.0816, -118.3893, 500))),
    DemoCity("San Francisco", "US", "America/Los_Angeles", (V("The Fillmore", 37.7840, -122.4330, 1150), V("The Warfield", 37.7826, -122.4101, 2300), V("Chase Center", 37.7680, -122.3877, 18000))),
    DemoCity("Seattle", "US", "America/Los_Angeles", (V("The Showbox", 47.6085, -122.3396, 1150), V("Neumos", 47.6141, -122.3197, 650), V("Climate Pledge Arena", 47.6221, -122.3540, 17000))),
    DemoCity("Toronto", "CA", "America/Toronto", (V("Massey Hall", 43.6541, -79.3790, 2750), V("Scotiabank Arena", 43.6435, -79.3791, 19800), V("The Danforth Music Hall", 43.6763, -79.3571, 1400))),
    DemoCity("Montréal", "CA", "America/Toronto", (V("Bell Centre", 45.4961, -73.5693, 21000), V("MTELUS", 45.5100, -73.5630, 2300))),
    DemoCity("Vancouver", "CA", "America/Vancouver", (V("Commodore Ballroom", 49.2813, -123.1223, 1000), V("Rogers Arena", 49.2778, -123.1089, 19000))),
    DemoCity("Mexico City", "MX", "America/Mexico_City", (V("Auditorio Nacional", 19.4249, -99.1950, 10000), V("Palacio de los Deportes", 19.4040, -99.0960, 20000), V("Foro Indie Rocks!", 19.4138, -99.1640, 800))),
    DemoCity("São Paulo", "BR", "America/Sao_Paulo", (V("Allianz Parque", -23.5275, -46.6784, 43000), V("Audio", -23.5258, -46.6773, 3200))),
    DemoCity("Buenos Aires", "AR", "America/Argentina/Buenos_Aires", (V("Luna Park", -34.6020, -58.3683, 8400), V("Niceto Club", -34.5860, -58.4370, 1000))),
    DemoCity("Santiago", "CL", "America/Santiago", (V("Movistar Arena", -33.4620, -70.6610, 15000), V("Teatro Caupolicán", -33.4590, -70.6470, 5000))),
    DemoCity("Bogotá", "CO", "America/Bogota", (V("Movistar Arena", 4.6490, -74.0770, 14000), V("Teatro Royal Center", 4.6660, -74.0570, 3000))),
    DemoCity("Tokyo", "JP", "Asia/Tokyo", (V("Nippon Budokan", 35.6933, 139.7499, 14500), V("Tokyo Dome", 35.7056, 139.7519, 55000), V("Zepp DiverCity", 35.6250, 139.7740, 2500), V("Liquidroom", 35.6480, 139.7100, 900))),
    DemoCity("Osaka", "JP", "Asia/Tokyo", (V("Osaka-jo Hall", 34.6890, 135.5320, 16000), V("Zepp Namba", 34.6590, 135.4970, 2500))),
    DemoCity("Seoul", "KR", "Asia/Seoul", (V("KSPO Dome", 37.5196, 127.1270, 15000), V("YES24 Live Hall", 37.5420, 127.0950, 2500))),
    DemoCity("Singapore", "SG", "Asia/Singapore", (V("Esplanade Concert Hall", 1.2897, 103.8555, 1600), V("Singapore Indoor Stadium", 1.3008, 103.8747, 12000))),
    DemoCity("Mumbai", "IN", "Asia/Kolkata", (V("NSCI Dome", 18.9760, 72.8120, 8000), V("antiSOCIAL", 19.0170, 72.8300, 400))),
    DemoCity("Sydney", "AU", "Australia/Sydney", (V("Sydney Opera House", -33.8568, 151.2153, 2700), V("Enmore Theatre", -33.8990, 151.1740, 2500), V("Qudos Bank Arena", -33.8470, 151.0630, 21000))),
    DemoCity("Melbourne", "AU", "Australia/Melbourne", (V("Forum Melbourne", -37.8163, 144.9692, 2000), V("Rod Laver Arena", -37.8216, 144.9785, 14800), V("The Corner Hotel", -37.8270, 144.9980, 800))),
    DemoCity("Auckland", "NZ", "Pacific/Auckland", (V("Spark Arena", -36.8480, 174.7860, 12000), V("Powerstation", -36.8610, 174.7570, 1000))),
    DemoCity("Cape Town", "ZA", "Africa/Johannesburg", (V("Grand Arena GrandWest", -33.9180, 18.5440, 6000), V("Kirstenbosch Gardens", -33.9875, 18.4327, 5000))),
)
