<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/model_info.py" line="32"/>
        <source>HAM10000: dermoscopic photos from Vienna (Austria) and Queensland (Australia)</source>
        <translation>HAM10000: fotos dermatoscópicas de Viena (Austria) y Queensland (Australia)</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="34"/>
        <source>70 % of the ISIC Archive 2017 photos (mostly New York)</source>
        <translation>el 70 % de las fotos del ISIC Archive 2017 (sobre todo de Nueva York)</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="35"/>
        <source>see the model card below</source>
        <translation>vea la ficha del modelo más abajo</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="37"/>
        <source>({0} photos for training, split by lesion from those it is tested on)</source>
        <translation>({0} fotos para el entrenamiento, separadas por lesión de aquellas con las que se evalúa)</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="44"/>
        <source> (default)</source>
        <translation> (predeterminado)</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="50"/>
        <source> ({0} photos)</source>
        <translation> ({0} fotos)</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="52"/>
        <source>Trained on</source>
        <translation>Entrenado con</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="52"/>
        <source>How good it is</source>
        <translation>Qué tan bueno es</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="52"/>
        <source>Where it is weak</source>
        <translation>Dónde falla</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="56"/>
        <source>(95 % intervals; measured the way Validate on our cases measures your own cases):</source>
        <translation>(intervalos del 95 %; medido como «Validar con nuestros casos» mide sus propios casos):</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="61"/>
        <source>photos</source>
        <translation>fotos</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="62"/>
        <source>balanced accuracy</source>
        <translation>exactitud equilibrada</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="63"/>
        <source>malignant AUC</source>
        <translation>AUC de malignidad</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="64"/>
        <source>malignant lesions sent on</source>
        <translation>lesiones malignas derivadas</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="65"/>
        <source>benign lesions kept at monitor</source>
        <translation>lesiones benignas dejadas en vigilancia</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="66"/>
        <source>could not assess</source>
        <translation>no se pudo evaluar</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="83"/>
        <source>{0} is recognised in {1:.0%} of cases on its test split.</source>
        <translation>{0} se reconoce en el {1:.0%} de los casos de su conjunto de prueba.</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="90"/>
        <source>On {0} the malignant AUC falls to {1:.2f} and {2:.0%} of photos cannot be assessed.</source>
        <translation>En {0} el AUC de malignidad baja a {1:.2f} y el {2:.0%} de las fotos no se puede evaluar.</translation>
    </message>
    <message>
        <location filename="../../desktop/model_info.py" line="96"/>
        <source>Trained on dermoscopic photos only: photos taken without a dermatoscope are outside what it knows. Check it on your own confirmed cases (File &gt; Validate on our cases) before relying on it.</source>
        <translation>Entrenado solo con fotos dermatoscópicas: las fotos tomadas sin dermatoscopio quedan fuera de lo que conoce. Compruébelo con sus propios casos confirmados (Archivo &gt; Validar con nuestros casos) antes de confiar en él.</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/help.py" line="81"/>
        <source>About DermaTriage</source>
        <translation>Acerca de DermaTriage</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../desktop/widgets.py" line="46"/>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="49"/>
        <source>Dismiss message</source>
        <translation>Cerrar mensaje</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <location filename="../../desktop/capture.py" line="81"/>
        <source>Capture from camera or dermatoscope</source>
        <translation>Capturar desde cámara o dermatoscopio</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="85"/>
        <source>Capture device</source>
        <translation>Dispositivo de captura</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="88"/>
        <source>Camera support could not load on this computer (on Linux it needs the system library libpulse0). You can still open photos from files.</source>
        <translation>No se pudo cargar el soporte de cámara en este equipo (en Linux necesita la biblioteca del sistema libpulse0). Aún puede abrir fotos desde archivos.</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="92"/>
        <source>No camera found. Connect a webcam or USB dermatoscope and reopen this window.</source>
        <translation>No se encontró ninguna cámara. Conecte una cámara web o un dermatoscopio USB y vuelva a abrir esta ventana.</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="97"/>
        <location filename="../../desktop/capture.py" line="99"/>
        <source>Take photo</source>
        <translation>Tomar foto</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="101"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="103"/>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="145"/>
        <source>No picture came from the device. Check its cable and reopen.</source>
        <translation>No llegó ninguna imagen del dispositivo. Revise el cable y vuelva a abrir.</translation>
    </message>
    <message>
        <location filename="../../desktop/capture.py" line="156"/>
        <source>No picture came from the device. Try again.</source>
        <translation>No llegó ninguna imagen del dispositivo. Inténtelo de nuevo.</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <location filename="../../desktop/cases_panel.py" line="57"/>
        <source>Save as new case...</source>
        <translation>Guardar como caso nuevo...</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="58"/>
        <source>Add to selected case (follow-up)</source>
        <translation>Añadir al caso seleccionado (seguimiento)</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="65"/>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="66"/>
        <source>Search cases</source>
        <translation>Buscar casos</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="68"/>
        <source>Any triage</source>
        <translation>Cualquier triaje</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="71"/>
        <source>Unreviewed</source>
        <translation>Sin revisar</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="72"/>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="73"/>
        <source>Only the cases received from the server, the latest arrival first</source>
        <translation>Solo los casos recibidos del servidor, el último en llegar primero</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="74"/>
        <source>Bin</source>
        <translation>Papelera</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="75"/>
        <source>Show the cases moved to the bin (they can be restored)</source>
        <translation>Mostrar los casos movidos a la papelera (se pueden restaurar)</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="84"/>
        <source>Cases</source>
        <translation>Casos</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="93"/>
        <source>Open in viewer</source>
        <translation>Abrir en el visor</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="94"/>
        <source>Edit details...</source>
        <translation>Editar datos...</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="95"/>
        <location filename="../../desktop/cases_panel.py" line="364"/>
        <location filename="../../desktop/cases_panel.py" line="382"/>
        <source>Move to bin</source>
        <translation>Mover a la papelera</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="104"/>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="105"/>
        <location filename="../../desktop/cases_panel.py" line="117"/>
        <source>Diagnosis</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="110"/>
        <location filename="../../desktop/cases_panel.py" line="118"/>
        <source>Confirmed by</source>
        <translation>Confirmado por</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="114"/>
        <location filename="../../desktop/cases_panel.py" line="119"/>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="116"/>
        <location filename="../../desktop/cases_panel.py" line="120"/>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="123"/>
        <source>Save annotation</source>
        <translation>Guardar anotación</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="124"/>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="126"/>
        <source>Compare follow-up</source>
        <translation>Comparar seguimiento</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="127"/>
        <source>Export...</source>
        <translation>Exportar...</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="181"/>
        <source>Case database damaged</source>
        <translation>Base de datos de casos dañada</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="183"/>
        <source>{0}

Restore the snapshot of {1}? Cases saved after it would have to be re-imported from their case.json files.</source>
        <translation>{0}

¿Restaurar la copia de {1}? Los casos guardados después tendrían que volver a importarse desde sus archivos case.json.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="196"/>
        <source>Database restored from a snapshot; {0} newer case(s) rebuilt from their case.json files.</source>
        <translation>Base de datos restaurada desde una copia; {0} caso(s) más reciente(s) reconstruido(s) desde sus archivos case.json.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="270"/>
        <source>Case imported: {0}</source>
        <translation>Caso importado: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="284"/>
        <source>Open or capture a photo first.</source>
        <translation>Primero abra o capture una foto.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="234"/>
        <location filename="../../desktop/cases_panel.py" line="301"/>
        <source>anonymous</source>
        <translation>anónimo</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="87"/>
        <source>Most urgent first, then newest; click a column to sort by it. Double-click a case to open its photos in the viewer</source>
        <translation>Lo más urgente primero, luego lo más reciente; haga clic en una columna para ordenar por ella. Doble clic en un caso para abrir sus fotos en el visor</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="264"/>
        <source>{0} of {1} case file(s) imported.</source>
        <translation>{0} de {1} archivo(s) de caso importado(s).</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="302"/>
        <source>Saved as a new case: {0}.</source>
        <translation>Guardado como caso nuevo: {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="303"/>
        <source>Saved as a new case: {0}. It is selected on the Cases tab.</source>
        <translation>Guardado como caso nuevo: {0}. Está seleccionado en la pestaña Casos.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="316"/>
        <location filename="../../desktop/cases_panel.py" line="325"/>
        <location filename="../../desktop/cases_panel.py" line="358"/>
        <location filename="../../desktop/cases_panel.py" line="411"/>
        <location filename="../../desktop/cases_panel.py" line="440"/>
        <source>Select a case first.</source>
        <translation>Primero seleccione un caso.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="332"/>
        <source>Edit case</source>
        <translation>Editar caso</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="344"/>
        <source>Case updated ({0}); the change is in its audit trail.</source>
        <translation>Caso actualizado ({0}); el cambio consta en su registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="346"/>
        <source>Nothing changed.</source>
        <translation>No ha cambiado nada.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="366"/>
        <source>Move this case to the bin? It leaves the list but keeps its photos, analyses and audit trail; tick &apos;Bin&apos; to see and restore it.</source>
        <translation>¿Mover este caso a la papelera? Sale de la lista pero conserva sus fotos, análisis y registro de auditoría; marque &apos;Papelera&apos; para verlo y restaurarlo.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="378"/>
        <source>Case restored.</source>
        <translation>Caso restaurado.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="378"/>
        <source>Case moved to the bin.</source>
        <translation>Caso movido a la papelera.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="382"/>
        <source>Restore from bin</source>
        <translation>Restaurar de la papelera</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="388"/>
        <source>Open a photo and select the case it follows up.</source>
        <translation>Abra una foto y seleccione el caso al que da seguimiento.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="391"/>
        <source>Follow-up photo added.</source>
        <translation>Foto de seguimiento añadida.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="423"/>
        <source>Annotation saved (Ctrl+Z to undo).</source>
        <translation>Anotación guardada (Ctrl+Z para deshacer).</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="431"/>
        <source>This case has only one photo; add a follow-up first.</source>
        <translation>Este caso solo tiene una foto; primero añada un seguimiento.</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="442"/>
        <source>Export case to folder</source>
        <translation>Exportar caso a una carpeta</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="449"/>
        <source>Exported: {0}</source>
        <translation>Exportado: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/cases_panel.py" line="451"/>
        <source>Export failed: {0}</source>
        <translation>La exportación falló: {0}</translation>
    </message>
</context>
<context>
    <name>ClinicFitDialog</name>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="75"/>
        <source>Fit to this clinic</source>
        <translation>Ajustar a esta clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="85"/>
        <source>Remove profile</source>
        <translation>Quitar el perfil</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="91"/>
        <source>This app&apos;s confirmed cases</source>
        <translation>Los casos confirmados de esta aplicación</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="92"/>
        <source>A folder of confirmed photos with a diagnosis CSV...</source>
        <translation>Una carpeta de fotos confirmadas con un CSV de diagnósticos...</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="94"/>
        <source>A folder of this clinic&apos;s photos, no diagnoses (widens the check only)...</source>
        <translation>Una carpeta de fotos de esta clínica, sin diagnósticos (solo amplía la comprobación)...</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="101"/>
        <source>Confirmations that count:</source>
        <translation>Confirmaciones que cuentan:</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="108"/>
        <source>The fit uses at least 100 confirmed cases, 20 of them malignant. Each case is predicted by a fit made without it, so the table shows what a new case of this clinic would get.</source>
        <translation>El ajuste usa al menos 100 casos confirmados, 20 de ellos malignos. Cada caso se predice con un ajuste hecho sin él, así que la tabla muestra lo que obtendría un caso nuevo de esta clínica.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="116"/>
        <source>Figure (95 % interval)</source>
        <translation>Cifra (intervalo del 95 %)</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="116"/>
        <source>Bundled model</source>
        <translation>Modelo incluido</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="116"/>
        <source>Fitted to this clinic</source>
        <translation>Ajustado a esta clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="122"/>
        <source>Start fit</source>
        <translation>Iniciar el ajuste</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="123"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="124"/>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="125"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="163"/>
        <source>In use: {0} is {1}.</source>
        <translation>En uso: {0} está {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="165"/>
        <source>In use: {0} as bundled (not fitted to this clinic).</source>
        <translation>En uso: {0} tal como se incluye (sin ajustar a esta clínica).</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="169"/>
        <source>The clinic profile is not used: {0}.</source>
        <translation>El perfil de la clínica no se usa: {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="186"/>
        <source>Profile removed: the bundled model is used exactly as shipped.</source>
        <translation>Perfil quitado: se usa el modelo incluido exactamente como se distribuye.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="196"/>
        <source>Folder of this clinic&apos;s photos</source>
        <translation>Carpeta de fotos de esta clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="203"/>
        <source>Diagnoses of the photos (CSV)</source>
        <translation>Diagnósticos de las fotos (CSV)</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="219"/>
        <source>Analysing each photo with the bundled model...</source>
        <translation>Analizando cada foto con el modelo incluido...</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="226"/>
        <source>Cancelling...</source>
        <translation>Cancelando...</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="231"/>
        <source>Fitting and cross-validating on this clinic&apos;s cases...</source>
        <translation>Ajustando y validando de forma cruzada con los casos de esta clínica...</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="235"/>
        <source>Analysing {0} of {1}: {2}</source>
        <translation>Analizando {0} de {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="240"/>
        <source>Nothing was changed. {0}</source>
        <translation>No se ha cambiado nada. {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="254"/>
        <source>{0} photo(s) of {1} lesion(s); each predicted by a fit made without its lesion.</source>
        <translation>{0} foto(s) de {1} lesión(es); cada una predicha con un ajuste hecho sin su lesión.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="261"/>
        <source>non-skin photos refused</source>
        <translation>fotos que no son de piel rechazadas</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="270"/>
        <source>Nothing was changed.</source>
        <translation>No se ha cambiado nada.</translation>
    </message>
    <message>
        <location filename="../../desktop/clinic_fit.py" line="282"/>
        <source>Applied: every analysis now says &apos;{0}&apos;.</source>
        <translation>Aplicado: cada análisis indica ahora «{0}».</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../../desktop/controller.py" line="113"/>
        <source>No dermatoscope circle was found: the whole photo is used.</source>
        <translation>No se encontró el círculo del dermatoscopio: se usa la foto completa.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="121"/>
        <source>The lesion already fills most of the photo: no crop is needed.</source>
        <translation>La lesión ya ocupa casi toda la foto: no hace falta recortar.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="123"/>
        <source>No lesion could be located automatically. Crop by hand.</source>
        <translation>No se pudo localizar la lesión automáticamente. Recorte a mano.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="169"/>
        <source>This crop or brightness change turned the result into &apos;Cannot assess&apos;. Undo it (Reset adjustments, Ctrl+R) unless the photo really needs it.</source>
        <translation>Este recorte o cambio de brillo convirtió el resultado en &apos;No se puede evaluar&apos;. Deshágalo (Restablecer ajustes, Ctrl+R) salvo que la foto realmente lo necesite.</translation>
    </message>
</context>
<context>
    <name>ExchangeBar</name>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="83"/>
        <source>Send to dermatologist</source>
        <translation>Enviar al dermatólogo</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="83"/>
        <source>Send answer to the clinic</source>
        <translation>Enviar la respuesta a la clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="85"/>
        <source>Check inbox</source>
        <translation>Revisar bandeja de entrada</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="86"/>
        <source>Server settings...</source>
        <translation>Configuración del servidor...</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="89"/>
        <source>Send state</source>
        <translation>Estado de envío</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="130"/>
        <source>Select a case first.</source>
        <translation>Primero seleccione un caso.</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="134"/>
        <source>Queued. Set up the server (Server settings...) and it will be sent.</source>
        <translation>En cola. Configure el servidor (Configuración del servidor...) y se enviará.</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="143"/>
        <source>Checking the server...</source>
        <translation>Consultando el servidor...</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="160"/>
        <source>nothing sent yet</source>
        <translation>nada enviado todavía</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="162"/>
        <source>Outbox: {0}</source>
        <translation>Bandeja de salida: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="164"/>
        <source>This case: {0}. Outbox: {1}</source>
        <translation>Este caso: {0}. Bandeja de salida: {1}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/help.py" line="105"/>
        <source>Welcome to DermaTriage</source>
        <translation>Bienvenido a DermaTriage</translation>
    </message>
    <message>
        <location filename="../../desktop/help.py" line="110"/>
        <source># Welcome

**Triage support, not a diagnosis**: DermaTriage suggests how urgently a skin lesion should be seen by a dermatologist. A clinician confirms every result.

1. **Capture** a photo through the dermatoscope, or **open** a photo or a folder.
2. Read the **coloured triage line** and the **next step** under it. *Cannot assess* means retake the photo, or refer.
3. **Save case** (Ctrl+S) with a pseudonym, never a name.

Everything stays on this computer. The full guide is under *Help &gt; User guide* (F1).</source>
        <translation># Bienvenido

**Apoyo al triaje, no un diagnóstico**: DermaTriage sugiere con qué urgencia debe ver un dermatólogo una lesión de la piel. Un profesional clínico confirma cada resultado.

1. **Capture** una foto con el dermatoscopio, o **abra** una foto o una carpeta.
2. Lea la **línea de triaje en color** y el **siguiente paso** debajo. *No se puede evaluar* significa repetir la foto o derivar.
3. **Guarde el caso** (Ctrl+S) con un seudónimo, nunca con un nombre.

Todo queda en este equipo. La guía completa está en *Ayuda &gt; Guía de uso* (F1).</translation>
    </message>
    <message>
        <location filename="../../desktop/help.py" line="119"/>
        <source>Welcome</source>
        <translation>Bienvenida</translation>
    </message>
    <message>
        <location filename="../../desktop/help.py" line="120"/>
        <source>Open a sample photo</source>
        <translation>Abrir una foto de ejemplo</translation>
    </message>
    <message>
        <location filename="../../desktop/help.py" line="121"/>
        <source>Open the sample folder</source>
        <translation>Abrir la carpeta de ejemplos</translation>
    </message>
    <message>
        <location filename="../../desktop/help.py" line="122"/>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
</context>
<context>
    <name>FolderPanel</name>
    <message>
        <location filename="../../desktop/batch.py" line="127"/>
        <source>Open a folder to see all its photos here.</source>
        <translation>Abra una carpeta para ver aquí todas sus fotos.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="132"/>
        <source>%v of %m photos</source>
        <translation>%v de %m fotos</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="133"/>
        <source>Folder progress</source>
        <translation>Progreso de la carpeta</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="134"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="148"/>
        <source>Results for the folder</source>
        <translation>Resultados de la carpeta</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="151"/>
        <source>Export CSV...</source>
        <translation>Exportar CSV...</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="152"/>
        <source>Save all as cases</source>
        <translation>Guardar todas como casos</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="171"/>
        <source>{0}: {1} photos, analysed one after another.</source>
        <translation>{0}: {1} fotos, analizadas una tras otra.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="199"/>
        <source>Cancelled after {0} of {1} photos.</source>
        <translation>Cancelado tras {0} de {1} fotos.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="213"/>
        <source>Saved {0} photos as new cases (pseudonym: the file name).</source>
        <translation>Se guardaron {0} fotos como casos nuevos (seudónimo: el nombre del archivo).</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="217"/>
        <source>Done: {0} of {1} photos need a dermatologist.</source>
        <translation>Terminado: {0} de {1} fotos necesitan un dermatólogo.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="253"/>
        <source>Nothing to export yet.</source>
        <translation>Aún no hay nada que exportar.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="256"/>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="279"/>
        <source>The CSV could not be written: {0}</source>
        <translation>No se pudo escribir el CSV: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="281"/>
        <source>Exported {0} rows to {1}.</source>
        <translation>Se exportaron {0} filas a {1}.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="293"/>
        <source>All {0} photos of this folder are already saved as cases.</source>
        <translation>Las {0} fotos de esta carpeta ya están guardadas como casos.</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="296"/>
        <source>Saving {0} photos as cases...</source>
        <translation>Guardando {0} fotos como casos...</translation>
    </message>
    <message>
        <location filename="../../desktop/batch.py" line="310"/>
        <source>Stopped after {0} saved: {1}</source>
        <translation>Detenido tras guardar {0}: {1}</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../desktop/followup.py" line="36"/>
        <source>Not analysed</source>
        <translation>Sin analizar</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="37"/>
        <source>{0}
{1} · malignant probability {2:.0%}
Model: {3}</source>
        <translation>{0}
{1} · probabilidad de malignidad {2:.0%}
Modelo: {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="44"/>
        <source>Change: one of the visits has no analysis.</source>
        <translation>Cambio: una de las visitas no tiene análisis.</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="47"/>
        <source>higher</source>
        <translation>mayor</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="49"/>
        <source>lower</source>
        <translation>menor</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="51"/>
        <source>about the same</source>
        <translation>casi igual</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="54"/>
        <source>triage {0} -&gt; {1}</source>
        <translation>triaje {0} -&gt; {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="56"/>
        <source>triage unchanged ({0})</source>
        <translation>triaje sin cambios ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="61"/>
        <source> Different models: compare with care.</source>
        <translation> Modelos distintos: compare con cuidado.</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="64"/>
        <source>Change: malignant probability {0:.0%} -&gt; {1:.0%} ({2:+.0f} percentage points, {3}); {4}.{5}</source>
        <translation>Cambio: probabilidad de malignidad {0:.0%} -&gt; {1:.0%} ({2:+.0f} puntos porcentuales, {3}); {4}.{5}</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="72"/>
        <source>Follow-up: {0}</source>
        <translation>Seguimiento: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="78"/>
        <source>Visit {0}</source>
        <translation>Visita {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/followup.py" line="95"/>
        <source>Show each visit&apos;s heatmap</source>
        <translation>Mostrar el mapa de calor de cada visita</translation>
    </message>
</context>
<context>
    <name>HeatLegend</name>
    <message>
        <location filename="../../desktop/widgets.py" line="159"/>
        <source>Heatmap legend</source>
        <translation>Leyenda del mapa de calor</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="163"/>
        <source>Colour scale: blue = used a little, red = used most</source>
        <translation>Escala de color: azul = poco usado, rojo = más usado</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="167"/>
        <source>little</source>
        <translation>poco</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="169"/>
        <source>most</source>
        <translation>mucho</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="177"/>
        <source>Heatmap: regions the model used for &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}){2}</source>
        <translation>Mapa de calor: zonas que el modelo usó para &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}){2}</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="180"/>
        <source>; drawn fainter in proportion to its probability</source>
        <translation>; dibujado más tenue en proporción a su probabilidad</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../desktop/help.py" line="95"/>
        <source>DermaTriage help</source>
        <translation>Ayuda de DermaTriage</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <location filename="../../desktop/image_view.py" line="141"/>
        <source>The model analyses this square</source>
        <translation>El modelo analiza este cuadrado</translation>
    </message>
</context>
<context>
    <name>InboxWorker</name>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="43"/>
        <source>No server is set up (Server settings...).</source>
        <translation>No hay ningún servidor configurado (Configuración del servidor...).</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="49"/>
        <source>problem: {0}</source>
        <translation>problema: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="51"/>
        <source>Nothing new on the server.</source>
        <translation>Nada nuevo en el servidor.</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="53"/>
        <source>The inbox could not be checked: {0}</source>
        <translation>No se pudo revisar la bandeja de entrada: {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/window.py" line="52"/>
        <source>DermaTriage - skin lesion triage support</source>
        <translation>DermaTriage - apoyo al triaje de lesiones de la piel</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="60"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="62"/>
        <source>Original photo</source>
        <translation>Foto original</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="91"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="92"/>
        <source>Adjust</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="93"/>
        <source>Cases</source>
        <translation>Casos</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="94"/>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="112"/>
        <source>Working</source>
        <translation>Trabajando</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="118"/>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="25"/>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="30"/>
        <source>Open photo...</source>
        <translation>Abrir foto...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="35"/>
        <source>Open folder...</source>
        <translation>Abrir carpeta...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="37"/>
        <source>Capture...</source>
        <translation>Capturar...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="38"/>
        <source>Model info</source>
        <translation>Información del modelo</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="40"/>
        <source>Save case...</source>
        <translation>Guardar caso...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="43"/>
        <source>Export selected case...</source>
        <translation>Exportar el caso seleccionado...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="46"/>
        <source>Import case...</source>
        <translation>Importar caso...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="49"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="52"/>
        <source>Next photo</source>
        <translation>Foto siguiente</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="55"/>
        <source>Previous photo</source>
        <translation>Foto anterior</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="58"/>
        <source>Toggle heatmap</source>
        <translation>Mostrar/ocultar mapa de calor</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="61"/>
        <source>Detect field of view</source>
        <translation>Detectar campo de visión</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="64"/>
        <source>Reset adjustments</source>
        <translation>Restablecer ajustes</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="66"/>
        <source>User guide</source>
        <translation>Guía de uso</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="68"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="71"/>
        <source>Settings...</source>
        <translation>Configuración...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="73"/>
        <source>About DermaTriage</source>
        <translation>Acerca de DermaTriage</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="75"/>
        <source>Validate on our cases...</source>
        <translation>Validar con nuestros casos...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="78"/>
        <source>Fit to this clinic...</source>
        <translation>Ajustar a esta clínica...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="81"/>
        <source>Install model update...</source>
        <translation>Instalar actualización del modelo...</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="87"/>
        <source> Model: </source>
        <translation> Modelo: </translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="89"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="95"/>
        <source> (default)</source>
        <translation> (predeterminado)</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="99"/>
        <source>Ensemble of all models</source>
        <translation>Conjunto de todos los modelos</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="101"/>
        <source> Device: </source>
        <translation> Dispositivo: </translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="103"/>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="107"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="108"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="121"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="123"/>
        <source>Open &amp;recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="132"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../desktop/window_menus.py" line="134"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="172"/>
        <source>Open photo</source>
        <translation>Abrir foto</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="172"/>
        <source>Photos ({0});;All files (*)</source>
        <translation>Fotos ({0});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="179"/>
        <source>Open folder</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="187"/>
        <source>No photos in &apos;{0}&apos;.</source>
        <translation>No hay fotos en &apos;{0}&apos;.</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="215"/>
        <source>Photo {0} of {1}: {2}</source>
        <translation>Foto {0} de {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="217"/>
        <source>Photo: {0}</source>
        <translation>Foto: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/window_cases.py" line="36"/>
        <source>This case has no photos.</source>
        <translation>Este caso no tiene fotos.</translation>
    </message>
    <message>
        <location filename="../../desktop/window_cases.py" line="74"/>
        <source>Case {0} · {1}: photo {2} of {3}</source>
        <translation>Caso {0} · {1}: foto {2} de {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/window_cases.py" line="90"/>
        <source>The new analysis was added to the case (the earlier one is kept).</source>
        <translation>El nuevo análisis se añadió al caso (el anterior se conserva).</translation>
    </message>
    <message>
        <location filename="../../desktop/window.py" line="265"/>
        <source>Model ready: {0}</source>
        <translation>Modelo listo: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/window_cases.py" line="106"/>
        <source>Import case</source>
        <translation>Importar caso</translation>
    </message>
    <message>
        <location filename="../../desktop/window_cases.py" line="108"/>
        <source>DermaTriage cases (*{0})</source>
        <translation>Casos de DermaTriage (*{0})</translation>
    </message>
    <message>
        <location filename="../../desktop/window_state.py" line="41"/>
        <source>(none yet)</source>
        <translation>(ninguno todavía)</translation>
    </message>
</context>
<context>
    <name>MalignantGauge</name>
    <message>
        <location filename="../../desktop/results_panel.py" line="66"/>
        <source>Malignant probability</source>
        <translation>Probabilidad de malignidad</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="82"/>
        <source>refer</source>
        <translation>derivar</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="82"/>
        <source>urgent</source>
        <translation>urgente</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../../desktop/widgets.py" line="125"/>
        <source>About the models</source>
        <translation>Acerca de los modelos</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="137"/>
        <source>The full model card, for technicians</source>
        <translation>La ficha completa del modelo, para técnicos</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="139"/>
        <source>No model installed.</source>
        <translation>No hay ningún modelo instalado.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets.py" line="140"/>
        <source>Model card</source>
        <translation>Ficha del modelo</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <location filename="../../desktop/results_panel.py" line="29"/>
        <source>Probability per diagnosis</source>
        <translation>Probabilidad por diagnóstico</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../desktop/results_panel.py" line="100"/>
        <source>Saved result</source>
        <translation>Resultado guardado</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="103"/>
        <source>Save analysis to case</source>
        <translation>Guardar análisis en el caso</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="104"/>
        <source>Add this new analysis to the saved case (the old one is kept)</source>
        <translation>Añadir este nuevo análisis al caso guardado (el anterior se conserva)</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="107"/>
        <location filename="../../desktop/results_panel.py" line="167"/>
        <source>Open or capture a photo to start.</source>
        <translation>Abra o capture una foto para empezar.</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="109"/>
        <source>Triage result</source>
        <translation>Resultado del triaje</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="118"/>
        <source>Next step</source>
        <translation>Siguiente paso</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="120"/>
        <source>Crop to dermatoscope circle</source>
        <translation>Recortar al círculo del dermatoscopio</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="121"/>
        <source>Crop the photo to the lit circle of the dermatoscope and analyse again</source>
        <translation>Recortar la foto al círculo iluminado del dermatoscopio y analizar de nuevo</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="126"/>
        <source>About the most likely class</source>
        <translation>Sobre la clase más probable</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="137"/>
        <source>Quality measurements</source>
        <translation>Mediciones de calidad</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="144"/>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="163"/>
        <source>Analysing...</source>
        <translation>Analizando...</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="182"/>
        <source>Next step: {0}</source>
        <translation>Siguiente paso: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="187"/>
        <source>Malignant probability (melanoma + basal cell carcinoma + actinic keratosis): {0:.0%}</source>
        <translation>Probabilidad de malignidad (melanoma + carcinoma basocelular + queratosis actínica): {0:.0%}</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="201"/>
        <source> (the default model&apos;s check)</source>
        <translation> (comprobación del modelo predeterminado)</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="205"/>
        <source>the look counts only with a distance above {0:.0f}</source>
        <translation>el aspecto solo cuenta con una distancia superior a {0:.0f}</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="214"/>
        <source>Measurements: sharpness {0:.0f}, brightness {1:.0f}, glare {2:.1%}, colour {3:.0f}, lesion area {4:.0%}, hair {5:.1%}; not-a-lesion distance {6} (limit)</source>
        <translation>Mediciones: nitidez {0:.0f}, brillo {1:.0f}, reflejos {2:.1%}, color {3:.0f}, área de la lesión {4:.0%}, vello {5:.1%}; distancia de no-lesión {6} (límite)</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="228"/>
        <source>{0} v{1} on {2}</source>
        <translation>{0} v{1} en {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="231"/>
        <source>; skin tone ITA {0:.0f}° ({1})</source>
        <translation>; tono de piel ITA {0:.0f}° ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="234"/>
        <source>, fitted to this clinic on {0} cases ({1})</source>
        <translation>, ajustado a esta clínica con {0} casos ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="244"/>
        <source>Model: {0}. Analysed in {1}{2}.</source>
        <translation>Modelo: {0}. Analizado en {1}{2}.</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="249"/>
        <source>Photo checks: this photo could not be assessed (the reason is above).</source>
        <translation>Comprobaciones de la foto: esta foto no se pudo evaluar (el motivo está arriba).</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="252"/>
        <source>clearly like the skin lesions the model was trained on</source>
        <translation>claramente como las lesiones cutáneas con las que se entrenó el modelo</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="254"/>
        <source>like the skin lesions the model was trained on, though less typical</source>
        <translation>como las lesiones cutáneas con las que se entrenó el modelo, aunque menos típica</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="257"/>
        <source>Photo checks passed: sharp enough, lit well enough, little glare. It looks {0} ({1:.0%} of the way to the not-a-lesion limit). Hover for the measurements.</source>
        <translation>Comprobaciones de la foto superadas: suficientemente nítida, bien iluminada, pocos reflejos. Se ve {0} (al {1:.0%} del límite de no-lesión). Pase el ratón por encima para ver las mediciones.</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="268"/>
        <source>Most likely ({0:.0%}): </source>
        <translation>Lo más probable ({0:.0%}): </translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="270"/>
        <source>Most likely once the rarity of each class is allowed for ({0:.0%}; the tallest bar, {1} at {2:.0%}, is the plain probability): </source>
        <translation>Lo más probable teniendo en cuenta lo rara que es cada clase ({0:.0%}; la barra más alta, {1} con {2:.0%}, es la probabilidad sin corregir): </translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="282"/>
        <source>Saved case photo; it was saved without an analysis.</source>
        <translation>Foto de un caso guardado; se guardó sin análisis.</translation>
    </message>
    <message>
        <location filename="../../desktop/results_panel.py" line="286"/>
        <source>Saved result ({0}, {1}): &lt;b&gt;{2}&lt;/b&gt;, malignant probability {3:.0%}. Below: this photo analysed again now with the chosen model (not saved unless you press &apos;Save analysis to case&apos;).</source>
        <translation>Resultado guardado ({0}, {1}): &lt;b&gt;{2}&lt;/b&gt;, probabilidad de malignidad {3:.0%}. Debajo: esta foto analizada de nuevo ahora con el modelo elegido (no se guarda salvo que pulse &apos;Guardar análisis en el caso&apos;).</translation>
    </message>
</context>
<context>
    <name>SaveCaseDialog</name>
    <message>
        <location filename="../../desktop/save_dialog.py" line="39"/>
        <source>Save case</source>
        <translation>Guardar caso</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="41"/>
        <source>Use a pseudonym such as the clinic number. Never a name.</source>
        <translation>Use un seudónimo, como el número de historia clínica. Nunca un nombre.</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="46"/>
        <source>e.g. clinic number 2026-0142</source>
        <translation>p. ej. número de historia 2026-0142</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="47"/>
        <source>Patient pseudonym</source>
        <translation>Seudónimo del paciente</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="49"/>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="51"/>
        <source>This looks like a person&apos;s name. Use the clinic number instead; press Save again to keep it.</source>
        <translation>Parece el nombre de una persona. Use el número de la clínica; pulse Guardar otra vez para mantenerlo.</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="59"/>
        <location filename="../../desktop/save_dialog.py" line="63"/>
        <source>Body site</source>
        <translation>Localización</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="60"/>
        <source>(choose)</source>
        <translation>(elija)</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="76"/>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="78"/>
        <source>more detail, e.g. 3 cm below the elbow</source>
        <translation>más detalle, p. ej. 3 cm bajo el codo</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="79"/>
        <source>Body site detail</source>
        <translation>Detalle de la localización</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="81"/>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="83"/>
        <location filename="../../desktop/save_dialog.py" line="85"/>
        <source>Saved by</source>
        <translation>Guardado por</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="84"/>
        <source>your initials</source>
        <translation>sus iniciales</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="142"/>
        <source>Stored as: {0}</source>
        <translation>Se guarda como: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/save_dialog.py" line="142"/>
        <source>No body site</source>
        <translation>Sin localización</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="174"/>
        <source>Server (PACS) settings</source>
        <translation>Configuración del servidor (PACS)</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="183"/>
        <source>Check the server&apos;s TLS certificate (leave on)</source>
        <translation>Comprobar el certificado TLS del servidor (déjelo activado)</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="187"/>
        <source>Allow an unencrypted (http://) server on a closed network</source>
        <translation>Permitir un servidor sin cifrar (http://) en una red cerrada</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="191"/>
        <source>DICOMweb address</source>
        <translation>Dirección DICOMweb</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="192"/>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="193"/>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="194"/>
        <source>or token</source>
        <translation>o token</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="196"/>
        <source>CA certificate file</source>
        <translation>Archivo de certificado de la CA</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="197"/>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="199"/>
        <source>Secrets are stored only on this computer, readable by you alone.</source>
        <translation>Los secretos se guardan solo en este equipo y solo usted puede leerlos.</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="201"/>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange_panel.py" line="227"/>
        <source>Testing {0} ...</source>
        <translation>Probando {0} ...</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="48"/>
        <source>Clinic profile: not used ({0}).</source>
        <translation>Perfil de la clínica: no se usa ({0}).</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="50"/>
        <source>Clinic profile: no default model.</source>
        <translation>Perfil de la clínica: no hay modelo predeterminado.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="52"/>
        <source>Clinic profile: none; the bundled model is used as shipped.</source>
        <translation>Perfil de la clínica: ninguno; se usa el modelo incluido tal como se distribuye.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="55"/>
        <source>Clinic profile: the default model is {0}.</source>
        <translation>Perfil de la clínica: el modelo predeterminado está {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="62"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="66"/>
        <location filename="../../desktop/settings_dialog.py" line="70"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="72"/>
        <source>The language changes the next time DermaTriage starts.</source>
        <translation>El idioma cambia la próxima vez que se inicie DermaTriage.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="75"/>
        <source>Our dermatoscope shows a dark circle: crop every photo to its lit circle</source>
        <translation>Nuestro dermatoscopio muestra un círculo oscuro: recortar cada foto a su círculo iluminado</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="77"/>
        <source>The models learnt from photos without the dark rim; photos without one are not changed</source>
        <translation>Los modelos aprendieron con fotos sin el borde oscuro; las fotos sin él no se modifican</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="85"/>
        <source>Fit to this clinic / remove...</source>
        <translation>Ajustar a esta clínica / quitar...</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="90"/>
        <source>&lt;b&gt;Next steps&lt;/b&gt;: what your clinic does after each result (who, how soon).</source>
        <translation>&lt;b&gt;Siguientes pasos&lt;/b&gt;: lo que hace su clínica tras cada resultado (quién, en qué plazo).</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="98"/>
        <source>Next step for {0}</source>
        <translation>Siguiente paso para {0}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../desktop/help.py" line="87"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
</context>
<context>
    <name>ThumbnailStrip</name>
    <message>
        <location filename="../../desktop/widgets.py" line="79"/>
        <source>Photos in folder</source>
        <translation>Fotos de la carpeta</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <location filename="../../desktop/tools_panel.py" line="41"/>
        <source>Field of view</source>
        <translation>Campo de visión</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="43"/>
        <source>Detect dermatoscope circle</source>
        <translation>Detectar el círculo del dermatoscopio</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="44"/>
        <source>Centre on lesion</source>
        <translation>Centrar en la lesión</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="45"/>
        <location filename="../../desktop/tools_panel.py" line="132"/>
        <source>Manual crop</source>
        <translation>Recorte manual</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="49"/>
        <source>Cancel crop</source>
        <translation>Cancelar el recorte</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="52"/>
        <source>Reset crop</source>
        <translation>Quitar recorte</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="62"/>
        <location filename="../../desktop/tools_panel.py" line="156"/>
        <source>Whole photo</source>
        <translation>Foto completa</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="66"/>
        <source>Brightness (gamma)</source>
        <translation>Brillo (gamma)</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="72"/>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="78"/>
        <source>1.2-1.5 often helps dark phone photos. The model analyses the dashed square on the photo.</source>
        <translation>1,2-1,5 suele ayudar con fotos oscuras de teléfono. El modelo analiza el cuadrado discontinuo de la foto.</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="84"/>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="85"/>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="86"/>
        <source>Automatic gamma</source>
        <translation>Gamma automática</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="87"/>
        <source>Reset gamma</source>
        <translation>Restablecer gamma</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="93"/>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="95"/>
        <source>Show heatmap (H)</source>
        <translation>Mostrar mapa de calor (H)</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="97"/>
        <source>Side by side with the original</source>
        <translation>Junto al original</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="101"/>
        <source>Heatmap opacity</source>
        <translation>Opacidad del mapa de calor</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="103"/>
        <source>Heatmap class</source>
        <translation>Clase del mapa de calor</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="104"/>
        <source>Predicted class</source>
        <translation>Clase predicha</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="109"/>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="111"/>
        <source>Show regions used for</source>
        <translation>Mostrar zonas usadas para</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="132"/>
        <source>Apply crop</source>
        <translation>Aplicar el recorte</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="158"/>
        <source>Crop {0} x {1} at ({2}, {3})</source>
        <translation>Recorte {0} x {1} en ({2}, {3})</translation>
    </message>
    <message>
        <location filename="../../desktop/tools_panel.py" line="160"/>
        <source> (not applied yet)</source>
        <translation> (aún sin aplicar)</translation>
    </message>
</context>
<context>
    <name>ValidationDialog</name>
    <message>
        <location filename="../../desktop/validation.py" line="91"/>
        <source>Validate on our cases</source>
        <translation>Validar con nuestros casos</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="197"/>
        <source>Scoring every confirmed case with {0}...</source>
        <translation>Evaluando cada caso confirmado con {0}...</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="194"/>
        <source>Figure (95 % interval)</source>
        <translation>Cifra (intervalo del 95 %)</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="101"/>
        <source>Models:</source>
        <translation>Modelos:</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="113"/>
        <source>Confirmations that count:</source>
        <translation>Confirmaciones que cuentan:</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="129"/>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="131"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="133"/>
        <source>Export PDF...</source>
        <translation>Exportar PDF...</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="156"/>
        <source>histopathology</source>
        <translation>histopatología</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="157"/>
        <source>follow-up</source>
        <translation>seguimiento</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="157"/>
        <source>follow-up (no change over time)</source>
        <translation>seguimiento (sin cambios con el tiempo)</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="158"/>
        <source>consensus</source>
        <translation>consenso</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="158"/>
        <source>expert consensus</source>
        <translation>consenso de expertos</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="160"/>
        <source>clinical only</source>
        <translation>solo clínica</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="161"/>
        <source>clinical only (a clinician&apos;s judgement, often from the photo itself)</source>
        <translation>solo clínica (el juicio de un clínico, a menudo a partir de la propia foto)</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="179"/>
        <source>{0} confirmed case(s) will be scored ({1}).</source>
        <translation>Se evaluarán {0} caso(s) confirmado(s) ({1}).</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="180"/>
        <source>Choose the confirmations that count, or confirm cases first.</source>
        <translation>Elija las confirmaciones que cuentan, o confirme casos primero.</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="231"/>
        <source>No confirmed cases yet: annotate cases with a confirmed diagnosis first.</source>
        <translation>Aún no hay casos confirmados: primero anote casos con un diagnóstico confirmado.</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="234"/>
        <source>{0} photo(s) of {1} confirmed case(s). Card figures: {2}.</source>
        <translation>{0} foto(s) de {1} caso(s) confirmado(s). Cifras de la ficha: {2}.</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="240"/>
        <source>{0} on the model card</source>
        <translation>{0} en la ficha del modelo</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="257"/>
        <source>Save validation report</source>
        <translation>Guardar informe de validación</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="266"/>
        <source>Report saved to {0}</source>
        <translation>Informe guardado en {0}</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <location filename="../../desktop/worklist.py" line="34"/>
        <source>Triage</source>
        <translation>Triaje</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="35"/>
        <source>Saved</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="36"/>
        <source>Pseudonym</source>
        <translation>Seudónimo</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="37"/>
        <source>Body site</source>
        <translation>Localización</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="38"/>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="39"/>
        <source>Diagnosis</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="40"/>
        <source>Sent / answered</source>
        <translation>Enviado / respondido</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="41"/>
        <source>Reviewer</source>
        <translation>Revisor</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="62"/>
        <source>answered</source>
        <translation>respondido</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="64"/>
        <source>received {0}</source>
        <translation>recibido {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="66"/>
        <source>waiting to send</source>
        <translation>pendiente de envío</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="67"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="68"/>
        <source>sent, no answer yet</source>
        <translation>enviado, sin respuesta aún</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="69"/>
        <source>send failed: will retry</source>
        <translation>envío fallido: se reintentará</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist.py" line="100"/>
        <source>unreviewed</source>
        <translation>sin revisar</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="7"/>
        <source>Triage support only - not a diagnosis. A clinician must confirm every result.</source>
        <translation>Solo apoyo al triaje, no es un diagnóstico. Un profesional clínico debe confirmar cada resultado.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="8"/>
        <source>The default model&apos;s not-a-lesion check is not available; only this model&apos;s own check is used.</source>
        <translation>La comprobación de «no es una lesión» del modelo predeterminado no está disponible; solo se usa la de este modelo.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="9"/>
        <source>Urgent referral</source>
        <translation>Derivación urgente</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="10"/>
        <source>Referral</source>
        <translation>Derivación</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="11"/>
        <source>Monitor</source>
        <translation>Vigilar</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="12"/>
        <source>Cannot assess - refer</source>
        <translation>No se puede evaluar - derivar</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="13"/>
        <source>High probability of a malignant lesion ({0:.0%}).</source>
        <translation>Alta probabilidad de lesión maligna ({0:.0%}).</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="14"/>
        <source>A malignant lesion cannot be ruled out ({0:.0%}).</source>
        <translation>No se puede descartar una lesión maligna ({0:.0%}).</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="15"/>
        <source>Low probability of a malignant lesion ({0:.0%}). Re-check if it changes.</source>
        <translation>Baja probabilidad de lesión maligna ({0:.0%}). Vuelva a revisarla si cambia.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="16"/>
        <source>The models disagree about this lesion; a specialist should look at it.</source>
        <translation>Los modelos no coinciden sobre esta lesión; debe verla un especialista.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="17"/>
        <source>The model cannot give a result: this photo is not like the skin lesions it learnt from (an unusual lesion, another camera, or not a lesion). Retake it with the dermatoscope flat on the skin and the lesion in the centre. If it still cannot assess, refer: a refusal is not reassurance.</source>
        <translation>El modelo no puede dar un resultado: esta foto no se parece a las lesiones de la piel con las que aprendió (una lesión poco común, otra cámara o no es una lesión). Repítala con el dermatoscopio apoyado sobre la piel y la lesión en el centro. Si sigue sin poder evaluar, derive: un rechazo no es tranquilizador.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="18"/>
        <source>The model cannot give a result: the colours and texture are not those of a dermoscopic photo of skin (no dermatoscope, very dark or washed out, or not skin). Retake it through the dermatoscope. If it still cannot assess, refer: a refusal is not reassurance.</source>
        <translation>El modelo no puede dar un resultado: los colores y la textura no son los de una foto dermatoscópica de la piel (sin dermatoscopio, muy oscura o desvaída, o no es piel). Repítala con el dermatoscopio. Si sigue sin poder evaluar, derive: un rechazo no es tranquilizador.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="19"/>
        <source>The model cannot give a result: the dark circle of the dermatoscope is in the picture, and the model learnt from photos without it. Crop to the lit circle (Crop to dermatoscope circle) and it analyses again. If it still cannot assess, refer: a refusal is not reassurance.</source>
        <translation>El modelo no puede dar un resultado: el círculo oscuro del dermatoscopio aparece en la imagen y el modelo aprendió con fotos sin él. Recorte al círculo iluminado (Recortar al círculo del dermatoscopio) y se analizará de nuevo. Si sigue sin poder evaluar, derive: un rechazo no es tranquilizador.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="20"/>
        <source>Refer to a dermatologist urgently: to be seen within 2 weeks. Send the case today.</source>
        <translation>Derivar al dermatólogo con urgencia: debe ser visto en 2 semanas. Envíe el caso hoy.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="21"/>
        <source>Refer to a dermatologist: to be seen within 6 weeks.</source>
        <translation>Derivar al dermatólogo: debe ser visto en 6 semanas.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="22"/>
        <source>Re-check in 3 months with a new photo (add it to this case as a follow-up). Refer sooner if it changes in size, shape or colour, bleeds or itches.</source>
        <translation>Revisar en 3 meses con una foto nueva (añádala a este caso como seguimiento). Derive antes si cambia de tamaño, forma o color, sangra o pica.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="23"/>
        <source>Retake the photo. If the app still cannot assess it, refer to a dermatologist: to be seen within 6 weeks.</source>
        <translation>Repita la foto. Si la aplicación sigue sin poder evaluarla, derive al dermatólogo: debe ser visto en 6 semanas.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="24"/>
        <source>Actinic keratosis / intraepithelial carcinoma</source>
        <translation>Queratosis actínica / carcinoma intraepitelial</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="25"/>
        <source>Basal cell carcinoma</source>
        <translation>Carcinoma basocelular</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="26"/>
        <source>Benign keratosis</source>
        <translation>Queratosis benigna</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="27"/>
        <source>Dermatofibroma</source>
        <translation>Dermatofibroma</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="28"/>
        <source>Melanoma</source>
        <translation>Melanoma</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="29"/>
        <source>Melanocytic naevus (mole)</source>
        <translation>Nevo melanocítico (lunar)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="30"/>
        <source>Vascular lesion</source>
        <translation>Lesión vascular</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="31"/>
        <source>Actinic keratosis / intraepithelial carcinoma (Bowen&apos;s disease)</source>
        <translation>Queratosis actínica / carcinoma intraepitelial (enfermedad de Bowen)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="32"/>
        <source>A rough, scaly patch on sun-damaged skin. It is precancerous or a very early skin cancer that can grow into squamous cell carcinoma.</source>
        <translation>Una mancha áspera y escamosa en piel dañada por el sol. Es precancerosa o un cáncer de piel muy inicial que puede evolucionar a carcinoma espinocelular.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="33"/>
        <source>The most common skin cancer. It grows slowly and rarely spreads, but it damages the skin around it if left alone.</source>
        <translation>El cáncer de piel más frecuente. Crece despacio y rara vez se extiende, pero daña la piel de alrededor si no se trata.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="34"/>
        <source>Benign keratosis (seborrhoeic keratosis, solar lentigo, lichen planus-like keratosis)</source>
        <translation>Queratosis benigna (queratosis seborreica, léntigo solar, queratosis liquenoide)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="35"/>
        <source>Common harmless growths or spots of older skin, often brown and &apos;stuck on&apos;.</source>
        <translation>Crecimientos o manchas comunes e inofensivos de la piel madura, a menudo marrones y como &apos;pegados&apos;.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="36"/>
        <source>A harmless firm bump in the skin, often on the legs; it dimples when pinched.</source>
        <translation>Un bulto firme e inofensivo en la piel, a menudo en las piernas; se hunde al pellizcarlo.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="37"/>
        <source>A skin cancer of the pigment cells. It can spread to other organs, so finding it early matters most.</source>
        <translation>Un cáncer de piel de las células del pigmento. Puede extenderse a otros órganos, por eso detectarlo pronto es lo más importante.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="38"/>
        <source>A common harmless mole.</source>
        <translation>Un lunar común e inofensivo.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="39"/>
        <source>Vascular lesion (angioma, angiokeratoma, pyogenic granuloma, haemorrhage)</source>
        <translation>Lesión vascular (angioma, angioqueratoma, granuloma piógeno, hemorragia)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="40"/>
        <source>A spot made of blood vessels, usually red or purple; most are harmless.</source>
        <translation>Una mancha formada por vasos sanguíneos, normalmente roja o morada; la mayoría son inofensivas.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="41"/>
        <source>Scalp</source>
        <translation>Cuero cabelludo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="42"/>
        <source>Face</source>
        <translation>Cara</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="43"/>
        <source>Ear</source>
        <translation>Oreja</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="44"/>
        <source>Nose</source>
        <translation>Nariz</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="45"/>
        <source>Lip</source>
        <translation>Labio</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="46"/>
        <source>Cheek</source>
        <translation>Mejilla</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="47"/>
        <source>Neck</source>
        <translation>Cuello</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="48"/>
        <source>Chest</source>
        <translation>Tórax</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="49"/>
        <source>Breast</source>
        <translation>Mama</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="50"/>
        <source>Abdomen</source>
        <translation>Abdomen</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="51"/>
        <source>Back</source>
        <translation>Espalda</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="52"/>
        <source>Flank</source>
        <translation>Flanco</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="53"/>
        <source>Armpit</source>
        <translation>Axila</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="54"/>
        <source>Buttock</source>
        <translation>Nalga</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="55"/>
        <source>Genital / perineal area</source>
        <translation>Zona genital / perineal</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="56"/>
        <source>Shoulder</source>
        <translation>Hombro</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="57"/>
        <source>Upper arm</source>
        <translation>Brazo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="58"/>
        <source>Forearm</source>
        <translation>Antebrazo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="59"/>
        <source>Hand / palm</source>
        <translation>Mano / palma</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="60"/>
        <source>Finger</source>
        <translation>Dedo de la mano</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="61"/>
        <source>Thigh</source>
        <translation>Muslo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="62"/>
        <source>Knee</source>
        <translation>Rodilla</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="63"/>
        <source>Lower leg</source>
        <translation>Pierna (bajo la rodilla)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="64"/>
        <source>Foot / sole</source>
        <translation>Pie / planta</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="65"/>
        <source>Toe</source>
        <translation>Dedo del pie</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="66"/>
        <source>Trunk (other)</source>
        <translation>Tronco (otro)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="67"/>
        <source>Arm (other)</source>
        <translation>Brazo (otro)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="68"/>
        <source>Leg (other)</source>
        <translation>Pierna (otro)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="69"/>
        <source>Not paired / midline</source>
        <translation>Sin lado / línea media</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="70"/>
        <source>Left</source>
        <translation>Izquierdo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="71"/>
        <source>Right</source>
        <translation>Derecho</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="72"/>
        <source>Could not analyse</source>
        <translation>No se pudo analizar</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="73"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="74"/>
        <source>Triage</source>
        <translation>Triaje</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="75"/>
        <source>Malignant</source>
        <translation>Maligno</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="76"/>
        <source>Most likely</source>
        <translation>Más probable</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="77"/>
        <source>Warnings</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="78"/>
        <source>case {0}: already here, nothing new</source>
        <translation>caso {0}: ya estaba aquí, nada nuevo</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="79"/>
        <source>case {0}: imported ({1} photo(s), {2} analysis/es)</source>
        <translation>caso {0}: importado ({1} foto(s), {2} análisis)</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="80"/>
        <source>case {0}: merged ({1} new photo(s), {2} new analysis/es, annotation: {3})</source>
        <translation>caso {0}: fusionado ({1} foto(s) nueva(s), {2} análisis nuevo(s), anotación: {3})</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="81"/>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="82"/>
        <source>taken</source>
        <translation>adoptada</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="83"/>
        <source>kept the newer one here</source>
        <translation>se conserva la más reciente de aquí</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="84"/>
        <source>the same</source>
        <translation>la misma</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="85"/>
        <source>conflict</source>
        <translation>conflicto</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="86"/>
        <source>The photo is only {0} x {1} pixels: too small to assess.</source>
        <translation>La foto solo tiene {0} x {1} píxeles: es demasiado pequeña para evaluarla.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="87"/>
        <source>Low resolution: details may be lost. Use the camera&apos;s full resolution.</source>
        <translation>Resolución baja: pueden perderse detalles. Use la resolución completa de la cámara.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="88"/>
        <source>The photo is too blurred to assess. Hold the camera still and refocus.</source>
        <translation>La foto está demasiado borrosa para evaluarla. Sujete la cámara sin moverla y vuelva a enfocar.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="89"/>
        <source>The photo looks slightly blurred; a sharper photo gives a more reliable result.</source>
        <translation>La foto parece algo borrosa; una foto más nítida da un resultado más fiable.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="90"/>
        <source>The photo is far too dark to assess. Use the dermatoscope light.</source>
        <translation>La foto está demasiado oscura para evaluarla. Use la luz del dermatoscopio.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="91"/>
        <source>The photo is dark; more light or a higher gamma may help.</source>
        <translation>La foto está oscura; más luz o una gamma más alta pueden ayudar.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="92"/>
        <source>The photo is over-exposed (washed out) and cannot be assessed.</source>
        <translation>La foto está sobreexpuesta (sin contraste) y no se puede evaluar.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="93"/>
        <source>Parts of the photo are over-exposed (glare). Reduce light or avoid reflections.</source>
        <translation>Partes de la foto están sobreexpuestas (reflejos). Reduzca la luz o evite los reflejos.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="94"/>
        <source>The photo has no colour (black and white): DermaTriage needs a colour photo.</source>
        <translation>La foto no tiene color (blanco y negro): DermaTriage necesita una foto en color.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="95"/>
        <source>The lesion is very small in the frame, or could not be found: move closer or crop.</source>
        <translation>La lesión es muy pequeña en la imagen o no se encontró: acérquese o recorte.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="96"/>
        <source>The lesion is off-centre: centre it or crop around it.</source>
        <translation>La lesión no está centrada: céntrela o recorte a su alrededor.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="97"/>
        <source>The lesion is cut by the edge of the photo: include its whole border.</source>
        <translation>El borde de la foto corta la lesión: incluya todo su contorno.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="98"/>
        <source>Dark corners of the dermatoscope circle are in the picture: crop the field of view.</source>
        <translation>Se ven las esquinas oscuras del círculo del dermatoscopio: recorte el campo de visión.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="99"/>
        <source>Hair covers part of the lesion and may hide features.</source>
        <translation>El vello cubre parte de la lesión y puede ocultar rasgos.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="100"/>
        <source>Ink or marker on the skin was detected; it can mislead the analysis.</source>
        <translation>Se detectó tinta o rotulador en la piel; puede confundir el análisis.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="101"/>
        <source>Retake the photo; if it cannot be improved, refer.</source>
        <translation>Repita la foto; si no puede mejorarse, derive al paciente.</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="102"/>
        <source>very light</source>
        <translation>muy clara</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="103"/>
        <source>light</source>
        <translation>clara</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="104"/>
        <source>intermediate</source>
        <translation>intermedia</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="105"/>
        <source>tan</source>
        <translation>morena</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="106"/>
        <source>brown</source>
        <translation>marrón</translation>
    </message>
    <message>
        <location filename="../../desktop/i18n_catalog.py" line="107"/>
        <source>dark</source>
        <translation>oscura</translation>
    </message>
</context>
<context>
    <name>label</name>
    <message>
        <location filename="../../desktop/widgets.py" line="35"/>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../desktop/validation.py" line="295"/>
        <source>Install model update</source>
        <translation>Instalar actualización del modelo</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="295"/>
        <source>Model package (*.zip);;All files (*)</source>
        <translation>Paquete de modelo (*.zip);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="302"/>
        <source>Model update refused</source>
        <translation>Actualización del modelo rechazada</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="306"/>
        <source>Model installed</source>
        <translation>Modelo instalado</translation>
    </message>
    <message>
        <location filename="../../desktop/validation.py" line="308"/>
        <source>{0} was verified (signed by a trusted key, every file checked) and installed.

Validate it against the current model on your confirmed cases before using it?</source>
        <translation>{0} se verificó (firmado con una clave de confianza, cada archivo comprobado) y se instaló.

¿Validarlo frente al modelo actual con sus casos confirmados antes de usarlo?</translation>
    </message>
</context>
</TS>
