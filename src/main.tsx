import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startEngine } from './app/App';
import './app/app.css';
import { registerServiceWorker } from './app/serviceWorker';
import './app/serviceWorker.css';

startEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline and installable (built app only): see src/app/serviceWorker.ts.
registerServiceWorker();
