// Admin entry of inventory (dist/admin/index.js), routes relative to /m/inventory.
import ProductDetail from './ProductDetail.vue';
import ProductList from './ProductList.vue';

export default {
  routes: [
    { path: '', name: 'inventory-products', component: ProductList },
    { path: 'products/:id', name: 'inventory-product', component: ProductDetail, props: true },
  ],
};
