// Loaded after ./leaflet (which makes `L` global): adds L.markerClusterGroup.
import './leaflet';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
