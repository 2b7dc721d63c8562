"""Fixed ingredients of the demo store: markets, shoppers' names, products."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    code: str
    country: str
    currency: str
    language: str
    cities: tuple[str, ...]
    carriers: tuple[str, ...]
    payment_methods: tuple[str, ...]
    fx: float  # units of the currency per US dollar, for demo prices
    postcode_format: str  # '#' digit, 'A' letter; '' for markets without postcodes


MARKETS: tuple[Market, ...] = (
    Market("US", "US", "USD", "en", ("New York, US", "Chicago, US", "Seattle, US"),
           ("UPS", "USPS"), ("card", "paypal"), 1.0, "#####"),
    Market("UK", "GB", "GBP", "en", ("London, GB", "Manchester, GB", "Leeds, GB"),
           ("Royal Mail", "DPD"), ("card", "paypal"), 0.79, "A# #AA"),
    Market("DE", "DE", "EUR", "de", ("Berlin, DE", "München, DE", "Hamburg, DE"),
           ("DHL",), ("card", "paypal", "klarna"), 0.92, "#####"),
    Market("FR", "FR", "EUR", "fr", ("Paris, FR", "Lyon, FR", "Marseille, FR"),
           ("Colissimo", "Chronopost"), ("card", "paypal"), 0.92, "#####"),
    Market("ES", "ES", "EUR", "es", ("Madrid, ES", "Barcelona, ES", "Sevilla, ES"),
           ("Correos", "SEUR"), ("card", "paypal", "bizum"), 0.92, "#####"),
    Market("IT", "IT", "EUR", "it", ("Milano, IT", "Roma, IT", "Napoli, IT"),
           ("Poste Italiane", "BRT"), ("card", "paypal"), 0.92, "#####"),
    Market("BR", "BR", "BRL", "pt", ("São Paulo, BR", "Rio de Janeiro, BR", "Curitiba, BR"),
           ("Correios",), ("card", "pix", "boleto"), 5.0, "#####-###"),
    Market("MX", "MX", "MXN", "es", ("Ciudad de México, MX", "Guadalajara, MX",
                                     "Monterrey, MX"),
           ("Estafeta", "DHL"), ("card", "oxxo"), 17.0, "#####"),
    Market("JP", "JP", "JPY", "ja", ("東京, JP", "大阪, JP", "福岡, JP"),
           ("Yamato", "Japan Post"), ("card", "konbini"), 150.0, "###-####"),
    Market("CN", "CN", "CNY", "zh", ("上海, CN", "北京, CN", "广州, CN"),
           ("SF Express", "China Post"), ("alipay", "wechat_pay", "card"), 7.2, "######"),
    Market("AE", "AE", "AED", "ar", ("دبي, AE", "أبوظبي, AE", "الشارقة, AE"),
           ("Aramex",), ("card", "cash_on_delivery"), 3.67, ""),
    Market("RU", "RU", "RUB", "ru", ("Москва, RU", "Санкт-Петербург, RU", "Казань, RU"),
           ("Почта России", "CDEK"), ("card", "sbp"), 92.0, "######"),
)  # fmt: skip

ORIGIN_HUBS = ("Shenzhen, CN", "Hong Kong, HK", "Leipzig, DE", "Madrid, ES")

# (display name, e-mail local part, preferred language or None for the market's own)
SHOPPER_NAMES: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "US": (("Emily Carter", "emily.carter", None), ("Jacob Miller", "jmiller", None),
           ("Sofía Ramírez", "sofia.ramirez", "es"), ("王伟", "wang.wei.us", "zh"),
           ("Olivia Brooks", "olivia.b", None)),
    "UK": (("Oliver Hughes", "oliver.hughes", None), ("Amelia Clarke", "amelia.c", None),
           ("Priya Shah", "priya.shah", None), ("Liam O'Connor", "liam.oconnor", None),
           ("Chloe Evans", "chloe.evans", None)),
    "DE": (("Lukas Schneider", "lukas.schneider", None), ("Anna Becker", "anna.becker", None),
           ("Mehmet Yılmaz", "m.yilmaz", None), ("Sophie Wagner", "sophie.w", None),
           ("Jonas Fischer", "jonas.fischer", "en")),
    "FR": (("Camille Martin", "camille.martin", None), ("Lucas Bernard", "lucas.b", None),
           ("Inès Dubois", "ines.dubois", None), ("Hugo Laurent", "hugo.laurent", None),
           ("Yasmine Benali", "yasmine.benali", "ar")),
    "ES": (("Lucía García", "lucia.garcia", None), ("Javier López", "javi.lopez", None),
           ("Marta Fernández", "marta.fdez", None), ("Pablo Sánchez", "pablo.sanchez", None),
           ("Laura Martín", "laura.martin", None)),
    "IT": (("Giulia Rossi", "giulia.rossi", None), ("Marco Bianchi", "marco.bianchi", None),
           ("Chiara Romano", "chiara.romano", None), ("Luca Ricci", "luca.ricci", None),
           ("Francesca Greco", "f.greco", None)),
    "BR": (("Ana Souza", "ana.souza", None), ("Pedro Oliveira", "pedro.oliveira", None),
           ("Mariana Costa", "mari.costa", None), ("Rafael Lima", "rafael.lima", None),
           ("Beatriz Santos", "bia.santos", None)),
    "MX": (("Valeria Hernández", "vale.hdz", None), ("Diego Torres", "diego.torres", None),
           ("Ximena Flores", "ximena.flores", None), ("Andrés Morales", "andres.m", None),
           ("Emily Johnson", "emily.j.mx", "en")),
    "JP": (("佐藤 花子", "hanako.sato", None), ("鈴木 一郎", "ichiro.suzuki", None),
           ("高橋 美咲", "misaki.t", None), ("田中 健太", "kenta.tanaka", None),
           ("伊藤 さくら", "sakura.ito", None)),
    "CN": (("王芳", "wangfang", None), ("李强", "li.qiang", None), ("张敏", "zhangmin88", None),
           ("刘洋", "liuyang", None), ("陈静", "chenjing", None)),
    "AE": (("فاطمة الزهراء", "fatima.z", None), ("محمد العلي", "m.alali", None),
           ("نور الهدى", "noor.h", None), ("Rahul Menon", "rahul.menon", "en"),
           ("عمر خالد", "omar.khaled", None)),
    "RU": (("Иван Петров", "ivan.petrov", None), ("Мария Смирнова", "m.smirnova", None),
           ("Алексей Кузнецов", "a.kuznetsov", None), ("Ольга Попова", "olga.popova", None),
           ("Дмитрий Соколов", "d.sokolov", None)),
}  # fmt: skip

EMAIL_DOMAINS = ("example.com", "mail.example", "shop-demo.example")

# (sku, name, category, price in USD)
PRODUCTS: tuple[tuple[str, str, str, float], ...] = (
    ("EL-1001", "Wireless Earbuds Pro", "electronics", 89.0),
    ("EL-1002", "Smartwatch S2", "electronics", 159.0),
    ("EL-1003", "Portable Charger 20000mAh", "electronics", 39.0),
    ("EL-1004", "Bluetooth Speaker Mini", "electronics", 49.0),
    ("EL-1005", "Mechanical Keyboard", "electronics", 119.0),
    ("CL-2001", "Merino Wool Sweater", "clothing", 79.0),
    ("CL-2002", "Rain Jacket", "clothing", 99.0),
    ("CL-2003", "Linen Shirt", "clothing", 45.0),
    ("CL-2004", "Denim Jeans", "clothing", 65.0),
    ("SH-3001", "Trail Running Shoes", "shoes", 129.0),
    ("SH-3002", "Leather Sneakers", "shoes", 110.0),
    ("HM-4001", "Ceramic Pour-Over Set", "home", 42.0),
    ("HM-4002", "Linen Bedding Set", "home", 135.0),
    ("HM-4003", "Cast Iron Skillet", "home", 55.0),
    ("BT-5001", "Vitamin C Serum", "beauty", 29.0),
    ("BT-5002", "Hair Dryer Compact", "beauty", 69.0),
    ("TY-6001", "Building Blocks Castle", "toys", 59.0),
    ("TY-6002", "Plush Panda", "toys", 24.0),
    ("SP-7001", "Yoga Mat", "sports", 35.0),
    ("SP-7002", "Adjustable Dumbbells", "sports", 149.0),
    ("BK-8001", "Travel Photography Guide", "books", 28.0),
    ("UW-9001", "Cotton Underwear 3-Pack", "underwear", 25.0),
    ("PS-9101", "Engraved Name Necklace", "personalised", 58.0),
    ("FD-9201", "Matcha Tea Gift Box", "perishables", 32.0),
)
