// Leaflet with the marker-cluster plugin, bundled (no CDN). The plugin extends the global `L`, so Leaflet
// is made global before the plugin's module runs (imports run in order).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

(globalThis as unknown as { L: typeof L }).L = L;

export default L;
