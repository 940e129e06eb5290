"""Spanish sentiment words and complaint phrases, on the same scale as ``lexicon_en``.

Keys are unaccented ("pesimo", "verguenza") because customers type both
spellings and ``text.prepare`` removes accents before looking words up.
Several forms of a word are listed rather than stemmed: a stemmer would
need a download or a dependency, and a few dozen forms cover what people write.
"""

from __future__ import annotations

from crm_agents.providers.local.lexicon import Lexicon, phrases, weigh, word_set

POSITIVE = weigh(
    {
        3: """excelente excelentes genial geniales maravilloso maravillosa perfecto perfecta
        espectacular fantastico fantastica estupendo estupenda
        encanta encanto encantado encantada encantan buenisimo buenisima
        felicidades felicitaciones enhorabuena felicitar felicito felicitamos placer""",
        2: """gracias agradecido agradecida agradezco agradecemos bueno buena buenos buenas
        feliz felices contento contenta contentos amable amables simpatico
        simpatica atento atenta atentos rapido rapida rapidos comodo comoda
        bonito bonita bonitos precioso preciosa guapo guapa lindo linda
        gusta gusto gustado disfrutar disfrutado disfrute disfrutando
        encantador recomiendo recomendable ideal amor amo top bravo
        orgullo orgulloso suerte ganas ilusion emocionado emocionada
        solucionado resuelto resuelta facil puntual puntuales eficaz eficiente
        puntualidad exito exitos exitoso exitosa maravilla""",
        1: """ok vale bien mejor mejores jaja jajaja jeje jiji lol oferta ofertas rebajas gratis premio
        regalo regala regalan ayuda ayudado ayudaron seguro segura tranquilo
        limpio limpia barato barata baratos nuevo nueva nuevas nuevos
        bienvenido bienvenida celebrar celebra celebramos fiesta fiestas
        sonrisa saludos besos abrazo abrazos""",
    }
)

NEGATIVE = weigh(
    {
        3: """pesimo pesima pesimos pesimas horrible horribles terrible terribles fatal
        verguenza vergonzoso vergonzosa lamentable lamentables penoso penosa
        asco asqueroso asquerosa indignante indignado indignada inaceptable
        inadmisible desastre desastroso desastrosa odio odiar robo robar roban
        estafa estafadores ladrones sinverguenzas sinverguenza nefasto nefasta
        basura mierda incompetentes incompetente peor peores vergonzante
        cabreado cabreada cabreo harto harta hartos hartazgo ridiculo ridicula
        tomadura burla deplorable impresentable impresentables porqueria
        desagradable desagradables caotico caotica cabrones cabron puta puto joder
        jodido jodiendo jodidos coño pereza panico defraudacion estafan timo
        chapuza chapuceros maleducado maleducada maleducados grosero grosera
        incompetencia inutilidad embustero embusteros sarcasmo""",
        2: """mal malo mala malos malas retraso retrasos retrasado retrasada retrasados
        demora demoras demorado cancelado cancelada cancelados canceladas
        cancelacion cancelaciones cancelan cancelar perdido perdida perdidos
        perdieron perder pierden extraviado extraviada rota roto rotos dañada
        huelga huelgas paro caos problema problemas queja quejas reclamacion
        reclamaciones reclamar reclamo denuncia denunciar multa multas abuso
        abusivo abusiva abusivos enfadado enfadada enfado molesto molesta
        decepcion decepcionado decepcionada decepcionante triste tristeza
        desastre nunca jamas error errores fallo fallos falla incidencia
        incidencias accidente accidentes emergencia susto miedo peligro
        grave denegado denegada overbooking esperando espera esperar
        atrasado atrasados atrasada atraso inutil inutiles vergüenza
        sucio sucia caro cara caros caras carisimo cobrar cobran cobro cobraron
        mentira mentiras mienten engaño engañan engañados quejarse lastima
        desesperante desesperado desesperada colapso colapsado pesadilla
        indignacion abandonado abandonados tirados tirado retrasan retrasar
        retrasando retrasa cancelan cancelaron cancela suspendido suspendida
        suspende suspenden anulado anulada anulan anularon paros despidos despido
        muertos muerto muere mueren fallecido fallecidos tragedia crisis quiebra
        quebrada sancion demanda demandas polemica critica criticas escandalo
        averia averiado humo incendio evacuado evacuados evacuan desalojan
        bloqueado bloqueada atrapados atrapado enojado enojada enojo molestia
        molestias inconveniente inconvenientes incomodo incomoda incomodos
        incomodas estrecho hambre agobio agobiante pesado pesada colas
        disculpas perjuicio perjudicados perjudicado reclamando denunciar
        denuncian protesta protestas conflicto amenaza amenazan recortes
        tasas suplemento suplementos cobrando impuesto mentiroso mentirosos
        varado varada varados varadas incomunicado incomunicada urgente""",
        1: """tarde horas sin ninguna ninguno nadie nada todavia aun sigue
        siguen despidos despide despedido obligan obligaron obligar culpa
        dificil complicado complicada lento lenta preocupado preocupada menuda
        menudo vaya
        cansado cansada agotado agotada""",
    }
)

PHRASES = phrases(
    [
        (r"\bno funciona\b|\bno funcionan\b|\bno va\b", -3, "no funciona"),
        (r"\bnadie (?:contesta|responde|atiende|coge|me|nos|da)\b", -3, "nadie contesta"),
        (
            r"\bno (?:me |nos )?(?:contestan|responden|atienden|ayudan|dan|devuelven|solucionan|dejan|llega|llegan|ha llegado)\b",
            -3,
            "no responden",
        ),
        (
            r"\bsin (?:respuesta|noticias|solucion|informacion|equipaje|maleta)\b",
            -3,
            "sin respuesta",
        ),
        (
            r"\b(?:sigo|seguimos|llevo|llevamos) (?:esperando|sin|\d+|dos|tres|mas)\b",
            -3,
            "sigo esperando",
        ),
        (
            r"\b(?:he|hemos|han) perdido\b|\bperdieron (?:mi|mis|nuestra|nuestras|la|las)\b",
            -3,
            "han perdido",
        ),
        (
            r"\b(?:maleta|maletas|equipaje) (?:perdida|perdidas|perdido|extraviad[ao]s?|rota|rotas|danad[ao]s?)\b",
            -3,
            "maleta perdida",
        ),
        (r"\bvuelo (?:cancelado|retrasado|anulado)\b", -3, "vuelo cancelado"),
        (r"\bnunca mas\b|\bjamas\b|\bultima vez\b", -3, "nunca más"),
        (r"\bgracias por nada\b", -4, "sarcasmo: gracias por nada"),
        (r"\bque (?:verguenza|asco|desastre|pena|mal|horror|vergüenza)\b", -3, "qué vergüenza"),
        (r"\bmuchas gracias\b|\bmil gracias\b", 2, "muchas gracias"),
        (r"\bbuen (?:viaje|vuelo|servicio|trabajo|trato)\b", 2, "buen servicio"),
        (r"\bmuy (?:bien|buen|buena|amable|atentos?)\b", 2, "muy bien"),
        (
            r"\bme cago\b|\bes increible que\b|\blo peor\b|\bque pereza\b|\bya esta bien\b|\bhijos de puta\b",
            -3,
            "lo peor",
        ),
        (
            r"\bno (?:me |nos |te )?(?:han |ha )?(?:contestado|respondido|atendido|llegado|devuelto|dejan|deja)\b",
            -3,
            "no han contestado",
        ),
        (
            r"\bno (?:puedo|podemos|consigo|conseguimos|me deja|nos deja|hay manera|hay forma)\b",
            -2,
            "no puedo",
        ),
        (
            r"\b(?:\d+|dos|tres|cuatro|cinco|varias|muchas) (?:horas?|dias|semanas|meses)\b",
            -1,
            "espera larga",
        ),
        # A greeting is politeness, not praise: it cancels the "buenas" it contains.
        (r"\bbuen(?:os|as) (?:dias|tardes|noches)\b", -2, "saludo, no elogio"),
    ]
)

NEGATORS = word_set("no ni nunca jamas sin tampoco nada nadie ningun ninguna ninguno")
INTENSIFIERS = weigh(
    {
        1.5: """muy mas super tan totalmente completamente absolutamente
            realmente demasiado increiblemente bastante""",
        0.6: "poco algo",
    }
)
CONTRAST = word_set("pero aunque sino embargo")

HASHTAG_PARTS = weigh(
    {
        -2: "verguenza nunca huelga retraso cancel perdid estafa odio fail",
        2: "gracias feliz encanta mejor genial",
    }
)

LEXICON = Lexicon(
    name="es",
    positive=POSITIVE,
    negative=NEGATIVE,
    phrases=PHRASES,
    negators=NEGATORS,
    intensifiers=INTENSIFIERS,
    contrast=CONTRAST,
    hashtag_parts=HASHTAG_PARTS,
)
