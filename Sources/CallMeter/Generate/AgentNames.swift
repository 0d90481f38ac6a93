/// Given names and family names for synthetic agents: Swiss German, French and Italian names with
/// names from elsewhere, including non-ASCII letters (ë, ü, é, ø, ł, ñ, ğ, ß, č, …).
enum AgentNames {
    static let given = [
        "Anna", "Lukas", "Zoë", "Jérôme", "Chloé", "Noah", "Léa", "Matteo", "Sophie", "Luca",
        "Mia", "Elias", "Lena", "David", "Sara", "Nicolas", "Laura", "Simon", "Giulia", "Marco",
        "Noémie", "Björn", "Søren", "Łukasz", "Inês", "Ángel", "Çağla", "Dženana", "Fatima", "Yusuf",
        "Aisha", "Mehmet", "Priya", "Arjun", "Mei", "Hiroshi", "Olga", "Dmitri", "Ewa", "Tomás",
        "Anaïs", "François", "Hélène", "Rafael", "Beatrice", "Reto", "Urs", "Heidi", "Nadia", "Samuel",
    ]

    static let family = [
        "Keller", "Müller", "Meier", "Schmid", "Weber", "Huber", "Brunner", "Baumann", "Fischer", "Gerber",
        "Steiner", "Moser", "Widmer", "Zürcher", "Lüthi", "Häfliger", "Bürgi", "Nüesch", "Schäfer", "Großmann",
        "Dubois", "Favre", "Rochat", "Girard", "Morel", "Rossi", "Bianchi", "Ferrari", "Colombo", "Bernasconi",
        "Gómez", "Núñez", "Kovačević", "Dąbrowski", "Yılmaz", "Nguyễn", "O'Connor", "da Silva", "Andersson", "Novák",
        "Lehmann", "Frei", "Kälin", "Marti", "Roth", "Wyss", "Graf", "Sutter", "Aebischer", "Caflisch",
    ]

    /// Nicknames for the few agents listed as `Given "Nick" Family`.
    static let nicknames = ["Sam", "Mo", "Kiki", "Beni", "Toni", "Fränzi"]
}
