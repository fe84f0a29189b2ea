// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {INodeOperatorRegistry} from "../shared/interfaces/INodeOperatorRegistry.sol";
import {DepositDataRoot} from "../shared/libraries/DepositDataRoot.sol";

/// @title NodeOperatorRegistry
/// @notice Node operators and their validator keys. New validators go, one at a time, to the active
///         operator with spare keys that has the fewest deposited; no pick may take an operator over
///         `maxOperatorShareBps` of all deposited validators (rounded up to a whole validator), so
///         one operator cannot become a single point of failure.
/// @dev Picking the fewest-deposited operator already minimises the largest share; the cap turns
///      that preference into a hard limit: when even the fewest-deposited candidate would break it,
///      no other candidate could take the validator within the cap, and allocation stops there.
contract NodeOperatorRegistry is INodeOperatorRegistry, AccessControl {
    uint256 public constant MAX_KEYS_PER_CALL = 100;
    uint256 private constant PUBKEY_LENGTH = 48;
    uint256 private constant SIGNATURE_LENGTH = 96;
    /// @dev Every validator is funded with exactly 32 ETH.
    uint64 private constant DEPOSIT_GWEI = 32 ether / 1 gwei;
    uint256 private constant BPS = 10_000;

    Operator[] private _operators;
    /// @dev pubkey ++ signature (144 bytes) per key.
    mapping(uint256 operatorId => mapping(uint256 index => bytes key)) private _keys;

    /// @inheritdoc INodeOperatorRegistry
    address public pool;
    /// @inheritdoc INodeOperatorRegistry
    uint16 public maxOperatorShareBps;
    /// @inheritdoc INodeOperatorRegistry
    uint256 public totalDepositedKeys;
    /// @inheritdoc INodeOperatorRegistry
    uint256 public keysNonce;

    constructor(address admin, uint16 maxShareBps) {
        if (admin == address(0)) revert NodeOperatorRegistry_ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMaxOperatorShare(maxShareBps);
    }

    modifier knownOperator(uint256 operatorId) {
        if (operatorId >= _operators.length) revert NodeOperatorRegistry_UnknownOperator(operatorId);
        _;
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc INodeOperatorRegistry
    function addOperator(string calldata name, address rewardAddress)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 operatorId)
    {
        if (bytes(name).length == 0) revert NodeOperatorRegistry_EmptyName();
        if (rewardAddress == address(0)) revert NodeOperatorRegistry_ZeroAddress();
        operatorId = _operators.length;
        _operators.push(Operator(name, rewardAddress, true, 0, 0, 0));
        emit OperatorAdded(operatorId, name, rewardAddress);
        emit OperatorActiveSet(operatorId, true);
        _bumpKeysNonce();
    }

    /// @inheritdoc INodeOperatorRegistry
    function setOperatorActive(uint256 operatorId, bool active)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        knownOperator(operatorId)
    {
        _operators[operatorId].active = active;
        emit OperatorActiveSet(operatorId, active);
        _bumpKeysNonce();
    }

    /// @inheritdoc INodeOperatorRegistry
    function setRewardAddress(uint256 operatorId, address rewardAddress)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        knownOperator(operatorId)
    {
        if (rewardAddress == address(0)) revert NodeOperatorRegistry_ZeroAddress();
        _operators[operatorId].rewardAddress = rewardAddress;
        emit OperatorRewardAddressSet(operatorId, rewardAddress);
    }

    /// @inheritdoc INodeOperatorRegistry
    function setStakingLimit(uint256 operatorId, uint64 stakingLimit)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        knownOperator(operatorId)
    {
        _operators[operatorId].stakingLimit = stakingLimit;
        emit StakingLimitSet(operatorId, stakingLimit);
        _bumpKeysNonce();
    }

    /// @inheritdoc INodeOperatorRegistry
    function setMaxOperatorShare(uint16 maxShareBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxOperatorShare(maxShareBps);
    }

    /// @inheritdoc INodeOperatorRegistry
    function setPool(address pool_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (pool_ == address(0)) revert NodeOperatorRegistry_ZeroAddress();
        pool = pool_;
        emit PoolSet(pool_);
    }

    // ---------------------------------------------------------------- keys

    /// @inheritdoc INodeOperatorRegistry
    function addSigningKeys(uint256 operatorId, uint256 count, bytes calldata pubkeys, bytes calldata signatures)
        external
        knownOperator(operatorId)
    {
        Operator storage op = _operators[operatorId];
        if (msg.sender != op.rewardAddress && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NodeOperatorRegistry_NotOperatorOrAdmin(operatorId, msg.sender);
        }
        if (count == 0 || count > MAX_KEYS_PER_CALL) {
            revert NodeOperatorRegistry_InvalidKeyCount(count, MAX_KEYS_PER_CALL);
        }
        if (pubkeys.length != count * PUBKEY_LENGTH || signatures.length != count * SIGNATURE_LENGTH) {
            revert NodeOperatorRegistry_InvalidKeysLength(pubkeys.length, signatures.length, count);
        }
        uint64 total = op.totalKeys;
        for (uint256 i; i < count; ++i) {
            bytes calldata pubkey = pubkeys[i * PUBKEY_LENGTH:(i + 1) * PUBKEY_LENGTH];
            // An all-zero pubkey is an upload mistake (e.g. an unfilled buffer), never a real key.
            if (bytes32(pubkey[0:32]) == 0 && bytes16(pubkey[32:48]) == 0) revert NodeOperatorRegistry_EmptyKey(i);
            _keys[operatorId][total + i] =
                bytes.concat(pubkey, signatures[i * SIGNATURE_LENGTH:(i + 1) * SIGNATURE_LENGTH]);
        }
        total += uint64(count);
        op.totalKeys = total;
        emit SigningKeysAdded(operatorId, count, total);
        _bumpKeysNonce();
    }

    /// @inheritdoc INodeOperatorRegistry
    function allocateKeys(uint256 count, bytes32 withdrawalCredentials)
        external
        returns (bytes memory pubkeys, bytes memory signatures, bytes32[] memory depositDataRoots)
    {
        if (msg.sender != pool) revert NodeOperatorRegistry_NotPool(msg.sender);
        (uint256 planned, uint256[] memory picks, uint256[] memory deposited) = _plan(count);
        if (planned < count) revert NodeOperatorRegistry_NotEnoughKeys(count, planned);

        pubkeys = new bytes(count * PUBKEY_LENGTH);
        signatures = new bytes(count * SIGNATURE_LENGTH);
        depositDataRoots = new bytes32[](count);
        bytes[] memory keys = _pickedKeys(picks, count);
        for (uint256 i; i < count; ++i) {
            bytes memory key = keys[i];
            assembly ("memory-safe") {
                mcopy(add(add(pubkeys, 32), mul(i, 48)), add(key, 32), 48)
                mcopy(add(add(signatures, 32), mul(i, 96)), add(key, 80), 96)
            }
            depositDataRoots[i] = DepositDataRoot.compute(
                DepositDataRoot.slice(key, 0, PUBKEY_LENGTH),
                withdrawalCredentials,
                DepositDataRoot.slice(key, PUBKEY_LENGTH, SIGNATURE_LENGTH),
                DEPOSIT_GWEI
            );
        }
        uint256 n = _operators.length;
        for (uint256 id; id < n; ++id) {
            uint256 added = deposited[id] - _operators[id].depositedKeys;
            if (added == 0) continue;
            _operators[id].depositedKeys = uint64(deposited[id]);
            emit KeysAllocated(id, added, uint64(deposited[id]));
        }
        totalDepositedKeys += count;
        _bumpKeysNonce();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc INodeOperatorRegistry
    function availableKeys() external view returns (uint256 count) {
        (count,,) = _plan(type(uint256).max);
    }

    /// @inheritdoc INodeOperatorRegistry
    function allocatableKeys(uint256 max) external view returns (uint256 count) {
        (count,,) = _plan(max);
    }

    /// @inheritdoc INodeOperatorRegistry
    function nextKeys(uint256 max) external view returns (bytes memory pubkeys) {
        (uint256 planned, uint256[] memory picks,) = _plan(max);
        pubkeys = new bytes(planned * PUBKEY_LENGTH);
        bytes[] memory keys = _pickedKeys(picks, planned);
        for (uint256 i; i < planned; ++i) {
            bytes memory key = keys[i];
            assembly ("memory-safe") {
                mcopy(add(add(pubkeys, 32), mul(i, 48)), add(key, 32), 48)
            }
        }
    }

    /// @inheritdoc INodeOperatorRegistry
    function rewardRecipients() external view returns (address[] memory recipients, uint256[] memory weights) {
        uint256 n = _operators.length;
        uint256 active;
        for (uint256 id; id < n; ++id) {
            if (_operators[id].active) ++active;
        }
        recipients = new address[](active);
        weights = new uint256[](active);
        uint256 j;
        for (uint256 id; id < n; ++id) {
            Operator storage op = _operators[id];
            if (!op.active) continue;
            recipients[j] = op.rewardAddress;
            weights[j++] = op.depositedKeys;
        }
    }

    /// @inheritdoc INodeOperatorRegistry
    function getOperator(uint256 operatorId) external view knownOperator(operatorId) returns (Operator memory) {
        return _operators[operatorId];
    }

    /// @inheritdoc INodeOperatorRegistry
    function operatorCount() external view returns (uint256) {
        return _operators.length;
    }

    /// @inheritdoc INodeOperatorRegistry
    function getSigningKey(uint256 operatorId, uint256 index)
        external
        view
        knownOperator(operatorId)
        returns (bytes memory pubkey, bytes memory signature)
    {
        if (index >= _operators[operatorId].totalKeys) revert NodeOperatorRegistry_UnknownKey(operatorId, index);
        bytes memory key = _keys[operatorId][index];
        pubkey = new bytes(PUBKEY_LENGTH);
        signature = new bytes(SIGNATURE_LENGTH);
        assembly ("memory-safe") {
            mcopy(add(pubkey, 32), add(key, 32), 48)
            mcopy(add(signature, 32), add(key, 80), 96)
        }
    }

    // ---------------------------------------------------------------- internal

    function _setMaxOperatorShare(uint16 maxShareBps) private {
        if (maxShareBps == 0 || maxShareBps > BPS) revert NodeOperatorRegistry_InvalidShare(maxShareBps);
        maxOperatorShareBps = maxShareBps;
        emit MaxOperatorShareSet(maxShareBps);
        _bumpKeysNonce();
    }

    /// @dev The stored keys (pubkey ++ signature) of the first `count` picks, in pick order: each
    ///      operator's picks take its undeposited keys from the first one on.
    function _pickedKeys(uint256[] memory picks, uint256 count) private view returns (bytes[] memory keys) {
        uint256 n = _operators.length;
        uint256[] memory next = new uint256[](n);
        for (uint256 id; id < n; ++id) {
            next[id] = _operators[id].depositedKeys;
        }
        keys = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            uint256 id = picks[i];
            keys[i] = _keys[id][next[id]++];
        }
    }

    function _bumpKeysNonce() private {
        uint256 nonce = keysNonce + 1;
        keysNonce = nonce;
        emit KeysNonceChanged(nonce);
    }

    /// @dev Simulates up to `max` picks. Returns how many succeeded, the operator of each, and every
    ///      operator's deposited count after them.
    function _plan(uint256 max)
        private
        view
        returns (uint256 planned, uint256[] memory picks, uint256[] memory deposited)
    {
        uint256 n = _operators.length;
        deposited = new uint256[](n);
        uint256[] memory limit = new uint256[](n);
        uint256 spare;
        for (uint256 id; id < n; ++id) {
            Operator storage op = _operators[id];
            deposited[id] = op.depositedKeys;
            if (!op.active) continue;
            uint256 cap = op.totalKeys < op.stakingLimit ? op.totalKeys : op.stakingLimit;
            if (cap > deposited[id]) {
                limit[id] = cap;
                spare += cap - deposited[id];
            }
        }
        if (max > spare) max = spare;
        picks = new uint256[](max);
        uint256 total = totalDepositedKeys;
        uint256 shareBps = maxOperatorShareBps;
        for (; planned < max; ++planned) {
            uint256 best = type(uint256).max;
            for (uint256 id; id < n; ++id) {
                if (deposited[id] < limit[id] && (best == type(uint256).max || deposited[id] < deposited[best])) {
                    best = id;
                }
            }
            if (best == type(uint256).max) break;
            // At most ceil(share x total) validators after this pick.
            if ((deposited[best] + 1) * BPS > shareBps * (total + 1) + (BPS - 1)) break;
            picks[planned] = best;
            ++deposited[best];
            ++total;
        }
    }
}
