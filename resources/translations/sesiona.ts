<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AgendaTab</name>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="134"/>
        <source>Orden del día</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="136"/>
        <source>VI. Orden del día</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="137"/>
        <source>tema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="138"/>
        <source>Tema:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="139"/>
        <source>p. ej. Aprobación del Plan Operativo Anual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="141"/>
        <location filename="../../desktop/session_editor/content_tabs.py" line="168"/>
        <source>Intervenciones sobre el tema seleccionado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="142"/>
        <source>intervención</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="144"/>
        <source>Institución:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="145"/>
        <source>Orador/a:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="146"/>
        <source>Opcional; p. ej. Lic. Ana Quispe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="147"/>
        <source>Intervención:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="148"/>
        <source>p. ej. La representante del MIMP indicó …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="166"/>
        <source>Intervenciones sobre el tema {item}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementDetail</name>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="69"/>
        <source>Seleccione un acuerdo para ver su detalle.</source>
        <extracomment>Initial widths of the tracker&apos;s columns; «Acuerdo» stretches. Never resize to contents: that would read every row of a 30,000-row model.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="85"/>
        <source>Responsables:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="86"/>
        <source>Plazo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="87"/>
        <source>Meta:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="89"/>
        <location filename="../../desktop/pages/agreements_page.py" line="121"/>
        <source>Estado:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="90"/>
        <source>Sesión de origen:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="96"/>
        <source>Fecha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="97"/>
        <source>Sesión</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="98"/>
        <source>Informe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="99"/>
        <source>Medio de verificación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="100"/>
        <source>Nuevo estado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="111"/>
        <source>Registrar seguimiento…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="116"/>
        <source>Cambiar estado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="127"/>
        <source>Seguimiento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="169"/>
        <source>Acuerdo {reference}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="174"/>
        <source>Sin responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="176"/>
        <source>Sin plazo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="178"/>
        <source>{deadline} (vencido)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="186"/>
        <source>{state} · Vencido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="190"/>
        <source>Sesión {kind} N° {number} del {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="216"/>
        <source>(pendiente de informe en la sesión {session})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementsPage</name>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="255"/>
        <source>Acuerdos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="263"/>
        <source>Todos los estados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="264"/>
        <source>Abiertos (pendiente o en proceso)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="268"/>
        <location filename="../../desktop/pages/agreements_page.py" line="397"/>
        <source>Todas las instituciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="275"/>
        <source>Solo vencidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="279"/>
        <source>Buscar en el texto…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="406"/>
        <source>1 acuerdo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="408"/>
        <source>{count} acuerdos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/agreements_page.py" line="496"/>
        <source>Estado</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementsTab</name>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="115"/>
        <source>Acuerdos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="135"/>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="380"/>
        <source>Nuevo acuerdo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="138"/>
        <source>Quitar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="140"/>
        <source>Quita el acuerdo seleccionado (se puede deshacer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="155"/>
        <source>Por ejemplo: Aprobar el Plan Operativo Anual 2025, con cargo a que los sectores remitan sus aportes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="161"/>
        <source>Agregar acuerdo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="163"/>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="165"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="192"/>
        <source>Aún no hay acuerdos en esta sesión. Use «Nuevo acuerdo» para registrar el primero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="210"/>
        <source>Texto*:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="212"/>
        <source>31/03/2025 o «II trimestre 2025»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="213"/>
        <source>Plazo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="216"/>
        <source>Opcional, p. ej. «en al menos dos gobiernos locales»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="217"/>
        <source>Meta:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="219"/>
        <source>Estado:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="221"/>
        <source>Votación:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="226"/>
        <source>Quién votó en contra y sus razones, si pidió que conste en el acta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="227"/>
        <source>Voto singular:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="238"/>
        <source>Seleccione un acuerdo de la lista para ver y editar su detalle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="351"/>
        <source>Acuerdo N° {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="368"/>
        <source>Escriba el texto del acuerdo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreements_tab.py" line="405"/>
        <source>Quitar el acuerdo N° {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementsTrackerModel</name>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="44"/>
        <source>N°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="45"/>
        <source>Acuerdo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="46"/>
        <source>Responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="47"/>
        <source>Plazo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="48"/>
        <source>Estado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="51"/>
        <source>Último seguimiento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="54"/>
        <source>Sesión</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/agreements_model.py" line="89"/>
        <source>{state} · Vencido</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttendanceTab</name>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="57"/>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="67"/>
        <source>Nombres y apellidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="58"/>
        <source>Entidad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="58"/>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="72"/>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="70"/>
        <source>Entidad que representa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="73"/>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="161"/>
        <source>Añadir invitado/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="77"/>
        <source>Quitar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="85"/>
        <source>Invitados/as (no cuentan para el quórum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="91"/>
        <source>Marque quién asistió por cada institución: el titular o el alterno. Los observadores y los invitados no cuentan para el quórum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="151"/>
        <source>Marcar asistencia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/attendance_tab.py" line="181"/>
        <source>Quitar invitado/a</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockListEditor</name>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="178"/>
        <source>Añadir</source>
        <extracomment>The selected block&apos;s id (or None) after it changed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="179"/>
        <source>Quitar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="180"/>
        <source>Subir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="181"/>
        <source>Bajar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="182"/>
        <source>Añadir {noun} al final de la lista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="184"/>
        <source>Quitar {noun} (Supr); se puede deshacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="185"/>
        <source>Subir un lugar (Alt+↑)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="186"/>
        <source>Bajar un lugar (Alt+↓)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="239"/>
        <location filename="../../desktop/session_editor/block_list.py" line="335"/>
        <source>— Sin institución —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="365"/>
        <source>Añadir {noun}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="382"/>
        <source>Quitar {noun}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/block_list.py" line="401"/>
        <source>Mover {noun}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommitteePage</name>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="76"/>
        <source>No hay un comité seleccionado. Elija uno en la barra superior o cree uno nuevo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="99"/>
        <source>Datos del comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="102"/>
        <source>Tipo de comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="103"/>
        <source>Nombre oficial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="104"/>
        <source>Siglas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="106"/>
        <source>Región</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="108"/>
        <source>Secretaría técnica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="109"/>
        <location filename="../../desktop/pages/committee_page.py" line="242"/>
        <source>— Ninguna —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="111"/>
        <source>Ciudad sede</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="115"/>
        <source>Estado y fechas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="118"/>
        <source>Estado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="119"/>
        <source>Fecha de creación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="121"/>
        <source>Fecha de instalación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="123"/>
        <source>Inactivo desde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="125"/>
        <source>Fecha de reactivación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="130"/>
        <source>Regla de quórum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="133"/>
        <source>Por defecto rigen las reglas de la Ley 27444: mayoría absoluta de los miembros en primera convocatoria y un tercio (nunca menos del mínimo) en segunda. Cambie los números solo si el reglamento interno del comité fija otros.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="142"/>
        <source>Quórum en primera convocatoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="143"/>
        <source>Mayoría absoluta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="145"/>
        <source>Quórum en segunda convocatoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="146"/>
        <source>Un tercio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="150"/>
        <source>Mínimo en segunda convocatoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="154"/>
        <source>Días mínimos de anticipación de la convocatoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="166"/>
        <source>Instrumentos legales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="184"/>
        <source>Añadir instrumento…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="187"/>
        <source>Editar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="190"/>
        <source>Quitar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="269"/>
        <source>Aún no hay miembros con voto: registre los asientos en «Miembros» para calcular el quórum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="279"/>
        <source>Con 1 miembro: {0} en primera convocatoria, {1} en segunda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="281"/>
        <source>Con {2} miembros: {0} en primera convocatoria, {1} en segunda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="284"/>
        <source>Atención: el quórum exigido supera el número de miembros con voto; el comité no podría sesionar válidamente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="343"/>
        <source>Quitar instrumento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataTab</name>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="51"/>
        <source>Tipo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="52"/>
        <source>Número:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="53"/>
        <source>Fecha:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="54"/>
        <source>Hora de inicio:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="55"/>
        <source>Hora de término:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="56"/>
        <source>Sede:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="57"/>
        <source>Ciudad:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="58"/>
        <source>Modalidad:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="59"/>
        <source>Conducción de la sesión:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="60"/>
        <source>Convocatoria:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="61"/>
        <source>Fecha de convocatoria:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="64"/>
        <source>Notas internas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="71"/>
        <source>Estado de la sesión</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="105"/>
        <source>Estado actual: &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/data_tab.py" line="125"/>
        <source>Estado</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesignationDialog</name>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="26"/>
        <source>Designar representante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="27"/>
        <source>Designar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="28"/>
        <source>Asiento de &lt;b&gt;{0}&lt;/b&gt; — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="45"/>
        <source>Designado como</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="46"/>
        <source>Nombres y apellidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="49"/>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="50"/>
        <source>p. ej. Director Regional de Trabajo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="51"/>
        <source>Documento de designación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="53"/>
        <source>p. ej. Oficio N° 045-2024-MTPE/4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="54"/>
        <source>Fecha de designación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="83"/>
        <source>{0}, designado el {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="87"/>
        <source>Reemplaza a {0}. Esa designación no se borra: queda en el historial, cerrada en la fecha indicada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/designation_dialog.py" line="114"/>
        <source>Designar {0} de {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesignationsModel</name>
    <message>
        <location filename="../../desktop/models/members_models.py" line="63"/>
        <source>Cargo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="65"/>
        <source>Nombres y apellidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="66"/>
        <source>Cargo en su institución</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="67"/>
        <source>Documento de designación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="68"/>
        <source>Desde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="69"/>
        <source>Hasta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="73"/>
        <source>vigente</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowupDialog</name>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="46"/>
        <source>Registrar seguimiento</source>
        <extracomment>The id of the follow-up just stored.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="57"/>
        <source>Lo que se informó sobre el avance del acuerdo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="60"/>
        <source>Oficio, informe, enlace… (opcional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="63"/>
        <source>Sin cambio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="66"/>
        <source>Fecha:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="67"/>
        <source>Informe: *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="68"/>
        <source>Medio de verificación:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="69"/>
        <source>Nuevo estado:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="79"/>
        <source>Aceptar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="82"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/followup_dialog.py" line="101"/>
        <source>Acuerdo {reference}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowupModel</name>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="54"/>
        <source>Acuerdo</source>
        <extracomment>(key, header) of each column, in order.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="55"/>
        <source>Responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="56"/>
        <source>Plazo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="57"/>
        <source>Estado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="58"/>
        <source>Lo informado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="59"/>
        <source>Nuevo estado</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowupTab</name>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="237"/>
        <source>Seguimiento de acuerdos anteriores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="244"/>
        <source>Acuerdos abiertos de sesiones anteriores. Registre lo que informó cada responsable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="248"/>
        <source>Haga doble clic en «Lo informado» para escribir (Enter guarda, Mayús+Enter agrega una línea) y en «Nuevo estado» para actualizar el acuerdo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="269"/>
        <source>No hay acuerdos anteriores pendientes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="331"/>
        <source>Lo informado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="363"/>
        <source>Sin cambio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/followup_tab.py" line="364"/>
        <source>Nuevo estado del acuerdo {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="84"/>
        <source>Aceptar</source>
        <extracomment>``combo_choice`` result when the typed text names no item of the list.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="87"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstitutionDialog</name>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="36"/>
        <source>Catálogo de instituciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="41"/>
        <source>Buscar por siglas o nombre…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="63"/>
        <source>Añadir una institución que no está en el catálogo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="67"/>
        <source>Siglas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="68"/>
        <source>p. ej. RED-NNA MDD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="69"/>
        <source>Nombre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="71"/>
        <source>p. ej. Red de Niñas, Niños y Adolescentes de Madre de Dios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="72"/>
        <source>Sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="78"/>
        <source>Añadir al catálogo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="92"/>
        <source>Cerrar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="147"/>
        <source>Añadir institución «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/institution_dialog.py" line="163"/>
        <source>Se añadió «{0}» al catálogo.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstitutionsModel</name>
    <message>
        <location filename="../../desktop/models/members_models.py" line="85"/>
        <source>Siglas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="86"/>
        <source>Nombre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="87"/>
        <source>Sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="89"/>
        <source>Siglas anteriores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="91"/>
        <source>Origen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="95"/>
        <source>Añadida aquí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="95"/>
        <source>Catálogo oficial</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstrumentDialog</name>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="213"/>
        <source>Editar instrumento legal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="214"/>
        <source>Añadir instrumento legal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="215"/>
        <source>Finalidad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="217"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="219"/>
        <source>Número</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="220"/>
        <source>p. ej. O.R. N° 012-2010-GRMDD/CR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="222"/>
        <source>Fecha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="223"/>
        <source>Emitido por</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="239"/>
        <source>p. ej. Consejo Regional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="240"/>
        <source>p. ej. Gobernación Regional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="254"/>
        <source>Añadir instrumento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="264"/>
        <source>Editar instrumento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstrumentsModel</name>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="44"/>
        <source>Finalidad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="46"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="49"/>
        <source>Número</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="50"/>
        <source>Fecha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/committee_page.py" line="51"/>
        <source>Emitido por</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="73"/>
        <source>Sesiona — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="126"/>
        <source>Nuevo comité…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="127"/>
        <source>Abrir base de datos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="129"/>
        <source>Salir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="130"/>
        <location filename="../../desktop/main_window.py" line="242"/>
        <source>Acerca de Sesiona</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="132"/>
        <source>Deshacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="135"/>
        <source>Rehacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="142"/>
        <source>&amp;Archivo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="147"/>
        <source>&amp;Editar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="150"/>
        <source>A&amp;yuda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="153"/>
        <source>Comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="156"/>
        <source>Comité: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="233"/>
        <source>Abrir base de datos de Sesiona</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="234"/>
        <source>Bases de Sesiona (*.sqlite *.db);;Todos los archivos (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="243"/>
        <source>&lt;b&gt;Sesiona&lt;/b&gt; {0}&lt;br&gt;Sesiones, actas, acuerdos y planes de los comités regionales.&lt;br&gt;Ministerio de Trabajo y Promoción del Empleo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="254"/>
        <source>No se pudo deshacer o rehacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="258"/>
        <source>{0} cambios sin sincronizar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="67"/>
        <source>Añadir asiento…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="69"/>
        <source>Editar asiento…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="71"/>
        <location filename="../../desktop/pages/members_page.py" line="231"/>
        <location filename="../../desktop/pages/members_page.py" line="235"/>
        <source>Quitar asiento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="74"/>
        <source>Designar representante…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="77"/>
        <source>Catálogo de instituciones…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="89"/>
        <location filename="../../desktop/pages/members_page.py" line="177"/>
        <source>Historial de designaciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="140"/>
        <source>1 miembro con voto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="141"/>
        <source>{0} miembros con voto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="142"/>
        <source>1 observador/invitado permanente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="143"/>
        <source>{0} observadores/invitados permanentes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="171"/>
        <source>Historial de designaciones — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="174"/>
        <source>Este asiento aún no tiene representantes designados.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="179"/>
        <source>Seleccione un asiento para ver quiénes lo han representado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="232"/>
        <source>¿Quitar el asiento de {0} del comité? Sus designaciones se conservan en el historial y puede deshacerlo con Editar › Deshacer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="237"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/members_page.py" line="250"/>
        <source>Quitar asiento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCommitteeDialog</name>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="155"/>
        <source>Nuevo comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="157"/>
        <source>Crear comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="159"/>
        <source>Tipo de comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="161"/>
        <source>Nombre oficial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="163"/>
        <source>p. ej. Comité Directivo Regional para la Prevención y Erradicación del Trabajo Infantil de Madre de Dios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="166"/>
        <source>Siglas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="167"/>
        <source>p. ej. CDRPETI Madre de Dios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="170"/>
        <source>Región</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="171"/>
        <source>— Elija la región —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="173"/>
        <source>Secretaría técnica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="174"/>
        <source>— Ninguna —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="177"/>
        <source>Ciudad sede</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="178"/>
        <source>p. ej. Puerto Maldonado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="198"/>
        <source>Elija una institución de la lista.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/committee_dialog.py" line="201"/>
        <source>Crear comité «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewSessionDialog</name>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="28"/>
        <source>Nueva sesión</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="42"/>
        <source>p. ej. Auditorio de la DRTPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="54"/>
        <source>Tipo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="55"/>
        <source>Número:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="57"/>
        <source>Fecha:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="59"/>
        <source>Hora de inicio:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="60"/>
        <source>Sede:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="61"/>
        <source>Modalidad:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="62"/>
        <source>Fecha de convocatoria:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="66"/>
        <location filename="../../desktop/dialogs/session_dialog.py" line="103"/>
        <source>Crear sesión</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/session_dialog.py" line="67"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="71"/>
        <source>Informes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="73"/>
        <source>4.1 Informes de la Presidencia y Secretaría Técnica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="74"/>
        <source>4.2 Informes de los sectores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="81"/>
        <source>informe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="83"/>
        <source>Título:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="84"/>
        <source>p. ej. Avances del Plan Operativo Anual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="85"/>
        <source>Institución:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="86"/>
        <source>Contenido:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="87"/>
        <source>Un punto por línea</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="99"/>
        <source>Pedidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="101"/>
        <source>Pedidos de la Presidencia y Secretaría Técnica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="102"/>
        <source>Pedidos de los miembros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="104"/>
        <source>Si no hay pedidos, el acta dirá «No se formularon pedidos.»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="114"/>
        <source>pedido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="116"/>
        <source>Institución:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/content_tabs.py" line="117"/>
        <source>Pedido:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponsiblesPicker</name>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="202"/>
        <source>Responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="209"/>
        <source>Mostrar todas las instituciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="212"/>
        <source>Buscar institución…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="254"/>
        <source>Otras instituciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="256"/>
        <source>El comité aún no tiene instituciones miembro registradas; active «Mostrar todas las instituciones».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="259"/>
        <source>Indique al menos una institución responsable del acuerdo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="320"/>
        <source>Cambiar responsables</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeatDialog</name>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="22"/>
        <source>No se puede restaurar el asiento: {0} ya tiene otro asiento en este comité.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="36"/>
        <source>Editar asiento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="36"/>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="37"/>
        <source>Añadir asiento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="37"/>
        <source>Guardar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="39"/>
        <source>Institución</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="42"/>
        <source>Escriba las siglas o el nombre, o elija de la lista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="44"/>
        <source>Rol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="48"/>
        <source>Presidencia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="50"/>
        <source>Secretaría técnica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="55"/>
        <source>Además ejerce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="72"/>
        <source>Elija una institución de la lista.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="78"/>
        <source>Añadir asiento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/dialogs/seat_dialog.py" line="90"/>
        <source>Editar asiento «{0}»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeatsModel</name>
    <message>
        <location filename="../../desktop/models/members_models.py" line="36"/>
        <source>Siglas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="37"/>
        <source>Institución</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="38"/>
        <source>Rol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="40"/>
        <source>Cargo en el comité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="41"/>
        <source>Titular vigente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="42"/>
        <source>Alterno vigente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="48"/>
        <source>Presidencia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/models/members_models.py" line="50"/>
        <source>Secretaría técnica</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionEditor</name>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="26"/>
        <source>🔒 El acta de esta sesión está firmada: la sesión y su contenido ya no se pueden modificar. Para corregirla, registre una fe de erratas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="44"/>
        <source>Datos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="44"/>
        <source>Asistencia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="44"/>
        <source>Informes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="45"/>
        <source>Pedidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="45"/>
        <source>Orden del día</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="45"/>
        <source>Acuerdos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="46"/>
        <source>Seguimiento de acuerdos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/editor.py" line="49"/>
        <source>Seleccione una sesión o cree una nueva.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <location filename="../../desktop/pages/sessions_page.py" line="32"/>
        <source>Sesiones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/sessions_page.py" line="34"/>
        <source>Todos los tipos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/sessions_page.py" line="36"/>
        <source>Todos los estados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/sessions_page.py" line="41"/>
        <source>Nueva sesión…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pages/sessions_page.py" line="95"/>
        <source>{0} sesiones</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoteEditor</name>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="88"/>
        <source>A favor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="89"/>
        <source>En contra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="90"/>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="184"/>
        <source>Abstenciones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="161"/>
        <source>Indique cuántos votos a favor tuvo el acuerdo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="176"/>
        <source>Hay más votos en contra que a favor: revise si el acuerdo fue adoptado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="182"/>
        <source>Votación</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="182"/>
        <source>Votos a favor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="183"/>
        <source>Votos en contra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/session_editor/agreement_widgets.py" line="190"/>
        <source>Editar «Votación»</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/main_window.py" line="53"/>
        <source>&lt;h2&gt;Bienvenido a Sesiona&lt;/h2&gt;&lt;p&gt;Todavía no hay comités en este archivo.&lt;/p&gt;&lt;p&gt;Empiece registrando el comité del que su oficina es secretaría técnica.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="57"/>
        <source>Crear el primer comité…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
